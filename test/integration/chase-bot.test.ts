/** 催报 to a group bot: long lists in parts, and DingTalk's 加签. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChaseSender } from '../../server/integrations/chase-bot.ts';

describe('the group bot', () => {
  it('receives a long message in parts, each a text the bot takes', async () => {
    const sent: string[] = [];
    const sender = new ChaseSender({
      webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test',
      intervalMs: 0,
      post: async (_url, body) => {
        sent.push(JSON.parse(body).text.content);
        return { status: 200, text: '{"errcode":0}' };
      },
    });
    const text = Array.from({ length: 150 }, (_, i) => `单位${i}：未报`).join('\n');
    expect((await sender.send('l', text)).ok).toBe(true);
    expect(sent.length).toBeGreaterThan(1);
    for (const part of sent) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('signs the address for a DingTalk bot with 加签, as DingTalk checks it', async () => {
    const urls: string[] = [];
    const secret = 'SECtest-secret';
    const sender = new ChaseSender({
      webhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      secret,
      intervalMs: 0,
      post: async (url) => {
        urls.push(url);
        return { status: 200, text: '{"errcode":0}' };
      },
    });
    await sender.send('l', '【催报】', 1_700_000_000_000);
    const url = new URL(urls[0]!);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    const expected = createHmac('sha256', secret).update(`1700000000000\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
  });
});
