/**
 * Sending 催报 to the county's group chat: a WeCom (企业微信) or DingTalk (钉钉) group bot takes
 * the same text message at its webhook address. At most one message per ledger in an interval,
 * and every reply is kept in the county's log.
 */
import { createHmac } from 'node:crypto';
import { splitMessage } from '../../core/chase.ts';
import { LedgerError } from '../errors.ts';
import { MemoryEvents, type RecentEvents } from '../store/recent-events.ts';

export interface ChaseSettings {
  /** The group bot's webhook (LEDGER_CHASE_WEBHOOK); none: messages are copied by hand. */
  webhook?: string;
  /** A DingTalk bot's signing secret (加签, LEDGER_CHASE_SECRET, starts SEC…). */
  secret?: string;
  /** Least time between two messages for one ledger (LEDGER_CHASE_INTERVAL_MIN, 10 by default). */
  intervalMs: number;
  /** How the HTTP call is made; tests hand in their own. */
  post: (url: string, body: string) => Promise<{ status: number; text: string }>;
}

export const defaultChase = (env = process.env): ChaseSettings => ({
  ...(env.LEDGER_CHASE_WEBHOOK ? { webhook: env.LEDGER_CHASE_WEBHOOK } : {}),
  ...(env.LEDGER_CHASE_SECRET ? { secret: env.LEDGER_CHASE_SECRET } : {}),
  intervalMs: Number(env.LEDGER_CHASE_INTERVAL_MIN ?? 10) * 60_000,
  post: async (url, body) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, text: await res.text() };
  },
});

/** Sends one text to the group bot, no more often than the interval for a ledger. */
export class ChaseSender {
  constructor(
    private readonly settings: ChaseSettings,
    /** When each ledger's last message went: in the county's database, so every process knows. */
    private readonly sent: RecentEvents = new MemoryEvents(),
  ) {}

  get configured(): boolean {
    return Boolean(this.settings.webhook);
  }

  async send(
    ledgerId: string,
    text: string,
    nowMs = Date.now(),
  ): Promise<{ ok: boolean; status: number; reply: string }> {
    const webhook = this.settings.webhook;
    if (!webhook)
      throw new LedgerError(
        'bad-request',
        '没有设置群机器人地址（LEDGER_CHASE_WEBHOOK），请复制催报内容后手动发送。No webhook configured.',
      );
    await this.sent.atomically(async () => {
      const last = (await this.sent.since(ledgerId, nowMs - this.settings.intervalMs + 1)).at(-1);
      if (last !== undefined) {
        const minutes = Math.ceil((this.settings.intervalMs - (nowMs - last)) / 60_000);
        throw new LedgerError('too-many-attempts', `刚刚发送过催报，请${minutes}分钟后再发。Sent recently; try later.`);
      }
      await this.sent.add(ledgerId, nowMs);
    });
    return this.deliver(text, [], nowMs);
  }

  /**
   * One text to the group bot now, in parts the bot takes, in order (a part refused stops the
   * rest), @-mentioning `mobiles` (WeCom reads mentioned_mobile_list, DingTalk at.atMobiles).
   */
  async deliver(
    text: string,
    mobiles: string[],
    nowMs = Date.now(),
  ): Promise<{ ok: boolean; status: number; reply: string }> {
    const webhook = this.settings.webhook;
    if (!webhook) return { ok: false, status: 0, reply: '没有设置群机器人地址（LEDGER_CHASE_WEBHOOK）' };
    let last = { ok: false, status: 0, reply: '' };
    for (const part of splitMessage(text)) {
      try {
        const answer = await this.settings.post(
          signed(webhook, this.settings.secret, nowMs),
          JSON.stringify({
            msgtype: 'text',
            text: { content: part, ...(mobiles.length ? { mentioned_mobile_list: mobiles } : {}) },
            ...(mobiles.length ? { at: { atMobiles: mobiles } } : {}),
          }),
        );
        // Both bots answer 200 with {"errcode":0} when the message went out.
        const ok = answer.status === 200 && /"errcode"\s*:\s*0\b/.test(answer.text);
        last = { ok, status: answer.status, reply: answer.text.slice(0, 500) };
      } catch (error) {
        last = { ok: false, status: 0, reply: String(error).slice(0, 500) };
      }
      if (!last.ok) break;
    }
    return last;
  }
}

/** A DingTalk bot with 加签: the address carries the time and its HMAC-SHA256 signature. */
export function signed(webhook: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return webhook;
  const sign = createHmac('sha256', secret).update(`${nowMs}\n${secret}`).digest('base64');
  return `${webhook}${webhook.includes('?') ? '&' : '?'}timestamp=${nowMs}&sign=${encodeURIComponent(sign)}`;
}
