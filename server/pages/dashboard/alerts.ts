/** 预警 in the dashboard: what stands on the judging date, by level, unit and leader; today's digest sent; the record. */
import { answerOf } from '../../http/client.ts';
import { $, el, message, say, when } from '../dom.ts';
import { ledgerClient, ledgerParam } from './session.ts';

const count = (names: string[]) => {
  const tally = new Map<string, number>();
  for (const n of names) tally.set(n, (tally.get(n) ?? 0) + 1);
  return [...tally].sort((a, b) => b[1] - a[1]).map(([n, k]) => `${n} ${k}`);
};

export async function renderAlerts(judging: { today?: string }) {
  const api = ledgerClient();
  const [on, { sent }] = await Promise.all([
    answerOf(api.alerts.$get({ ...ledgerParam(), query: judging })),
    answerOf(api.alerts.sent.$get(ledgerParam())),
  ]);
  const levels = [3, 2, 1].map((level) => {
    const of = on.standing.filter((a) => a.level === level);
    return el(
      'li',
      {},
      `${['', '临期', '到期', '逾期'][level]}：${of.length}项${of.length ? `（序号${of.map((a) => a.no).join('、')}）` : ''}`,
    );
  });
  const late = on.standing.filter((a) => a.level >= 2);
  $('#alerts').replaceChildren(
    el('ul', {}, ...levels),
    el('p', {}, `按单位（到期和逾期）：${count(late.flatMap((a) => a.leadUnits)).join('，') || '无'}`),
    el('p', {}, `按责任领导（逾期）：${count(on.standing.flatMap((a) => a.leaders)).join('，') || '无'}`),
    ...(on.supervisions.length
      ? [el('p', { class: 'error' }, `督办单：${on.supervisions.map((s) => `${s.title}${s.late}`).join('；')}`)]
      : []),
    el('p', { class: 'muted' }, `今天（${on.today}）推送的预警：${on.alerts.length}条。`),
    el(
      'details',
      {},
      el('summary', {}, `预警记录（${sent.length}条）`),
      el(
        'ul',
        {},
        ...sent.slice(0, 100).map((r) => el('li', {}, `${when(r.at)} 序号${r.no} 第${r.level}级 ${r.outcome}`)),
      ),
    ),
  );
}

export function setUpAlerts(judging: () => { today?: string }) {
  $('#alerts-send').addEventListener('click', async () => {
    const box = $('#alerts-message');
    try {
      const result = await answerOf(ledgerClient().alerts.send.$post({ ...ledgerParam() }));
      say(box, result.sent ? `已推送${result.sent}条预警：${result.outcome}` : result.outcome, 'ok');
      await renderAlerts(judging());
    } catch (error) {
      say(box, message(error));
    }
  });
}
