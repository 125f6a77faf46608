/** 设置 in the dashboard: what the office sets for its county, read and saved through /api/settings. */
import { answerOf } from '../../http/client.ts';
import { $, message, say } from '../dom.ts';
import { client } from './session.ts';

export function setUpSettings() {
  const box = $('#settings-message');
  const retention = $<HTMLInputElement>('#settings-retention');
  $('#settings-open').addEventListener('click', async () => {
    $('#settings').hidden = !$('#settings').hidden;
    if ($('#settings').hidden) return;
    try {
      retention.value = String((await answerOf(client().settings.$get())).evidenceRetentionDays);
    } catch (error) {
      say(box, message(error));
    }
  });
  $('#settings-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await answerOf(
        client().settings.$put({ json: { evidenceRetentionDays: Number(retention.value) } }),
      );
      retention.value = String(saved.evidenceRetentionDays);
      say(box, `已保存：删除的佐证材料保留 ${saved.evidenceRetentionDays} 天。`, 'ok');
    } catch (error) {
      say(box, message(error));
    }
  });
}
