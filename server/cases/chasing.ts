/**
 * 催报 as use cases: who owes this round's report, the message for each and for the group, and
 * sending the group's through the bot, with the bot's reply in the county's log.
 */
import { chaseMessages } from '../../core/chase.ts';
import { actorName, type Actor } from '../../core/policy.ts';
import { owes } from '../../core/round.ts';
import type { ChaseSender } from '../integrations/chase-bot.ts';
import type { County } from './county.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from './ledger.ts';

/** The units that owe the round's report, each with its message, and the group's message. */
export async function owing(ledger: Ledger, unitPage: string) {
  const round = (await ledger.latestRound()) ?? null;
  const units = await ledger.unitStatuses();
  const late = units.filter((u) => owes(u.state));
  const messages = round
    ? chaseMessages(
        round,
        ledger.title,
        late.map((u) => ({ unit: u.name, tasks: u.tasks })),
        unitPage,
      )
    : { perUnit: [], group: '' };
  return {
    round,
    owing: late.map((u, i) => ({
      unit: u.name,
      tasks: u.tasks,
      downloadedAt: u.downloadedAt,
      message: messages.perUnit[i]?.text ?? '',
    })),
    group: messages.group,
    conflicts: units.filter((u) => u.openConflicts > 0).map((u) => ({ unit: u.name, openConflicts: u.openConflicts })),
  };
}

/** The group's message through the bot; sent or refused, the reply goes into the county's log. */
export async function sendChase(county: County, ledger: Ledger, by: Actor, sender: ChaseSender, unitPage: string) {
  const { group } = await owing(ledger, unitPage);
  if (!group) throw new LedgerError('bad-request', '本轮没有未报单位，无需催报。Nobody owes a report.');
  const result = await sender.send(ledger.ledgerId, group);
  await county.record(
    actorName(by),
    result.ok ? 'chase-sent' : 'chase-failed',
    `${ledger.title}：${result.status} ${result.reply}`,
  );
  if (!result.ok)
    throw new LedgerError(
      'webhook-failed',
      `群机器人没有收下消息（${result.status}：${result.reply.slice(0, 200)}）。The group bot refused the message.`,
    );
  return { sent: group, status: result.status, reply: result.reply };
}
