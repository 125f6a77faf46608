/**
 * 办公室代填: a unit phones its words in and the office enters them on its behalf. They count as
 * the unit's report, and the change log and 填报人 say the office entered them.
 */
import { answerOf, submitRowsTo } from '../../http/client.ts';
import { $, chineseOnly, message, say } from '../dom.ts';
import { client, currentLedger } from './session.ts';

export function setUpEntered(refresh: () => Promise<void>) {
  const box = $('#entered-message');
  $('#entered-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id: string) => $<HTMLInputElement>(id).value.trim();
    const row = {
      no: Number(value('#entered-task')),
      progress: value('#entered-progress'),
      ...(value('#entered-status') ? { status: value('#entered-status') } : {}),
    };
    try {
      const { revision } = await answerOf(
        client().ledgers[':ledgerId'].tasks.$get({ param: { ledgerId: currentLedger() } }),
      );
      const answer = await answerOf(
        submitRowsTo(client(), currentLedger(), {
          baseRevision: revision,
          onBehalfOf: value('#entered-unit'),
          rows: [row],
          reporter: { name: value('#entered-caller'), phone: value('#entered-phone') },
        }),
      );
      const refused = answer.rejected.map((r) => chineseOnly(r.reason)).join('；');
      say(
        box,
        answer.rejected.length
          ? `未采用：${refused}`
          : `已代${value('#entered-unit')}填报：采用 ${answer.applied.length} 处${answer.conflicts.length ? `，${answer.conflicts.length} 处冲突待裁定` : ''}。`,
        answer.rejected.length ? 'error' : 'ok',
      );
      await refresh();
    } catch (error) {
      say(box, `代填失败：${message(error)}`);
    }
  });
}
