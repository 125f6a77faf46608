/**
 * The unit page's 督办 band: its own tasks' 预警 (level and date), the 督办单 addressed to it with
 * 签收 and 回复, leaders' 批示 on its tasks, and its own 约谈. Shown only when there is something.
 */
import { answerOf, type apiClient } from '../../http/client.ts';
import { $, brief, el, message } from '../dom.ts';

type Client = ReturnType<typeof apiClient>;
const LEVEL_CLASS: Record<number, string> = { 1: 'alert-near', 2: 'alert-due', 3: 'alert-late' };

export async function showSupervision(client: Client, ledgerId: string, reload: () => Promise<void>) {
  const ledger = client.ledgers[':ledgerId'];
  const param = { param: { ledgerId } };
  const [alerts, { supervisions }, { instructions }, { interviews }] = await Promise.all([
    answerOf(ledger.alerts.$get({ ...param, query: {} })),
    answerOf(ledger.supervision.$get(param)),
    answerOf(ledger.instructions.$get(param)),
    answerOf(ledger.interviews.$get(param)),
  ]);
  const box = $('#supervision');
  const open = supervisions.filter((s) => s.state !== '已办结');
  box.hidden = alerts.standing.length + open.length + instructions.length + interviews.length === 0;
  const say = el('p', { role: 'status', class: 'muted' });
  const step = async (id: number, what: 'sign' | 'reply', text = '') => {
    try {
      const param = { ledgerId, id: String(id) };
      await answerOf(
        what === 'sign'
          ? client.ledgers[':ledgerId'].supervision[':id'].sign.$post({ param })
          : client.ledgers[':ledgerId'].supervision[':id'].reply.$post({ param, json: { text } }),
      );
      await reload();
    } catch (error) {
      say.textContent = message(error);
    }
  };
  const summary = `预警与督办：${alerts.standing.length}条预警，${open.length}份督办单待办，${instructions.length}条领导批示${interviews.length ? `，${interviews.length}次约谈` : ''}`;
  // Open as the unit left it: a 签收 reloads the band, and the unit looks for what came of it.
  const wasOpen = box.querySelector('details')?.open ?? false;
  const urgent = open.length > 0 || alerts.standing.some((a) => a.level >= 2);
  const details = el('details', {}, el('summary', { class: urgent ? 'urgent' : '' }, summary), ...bandOf());
  (details as HTMLDetailsElement).open = wasOpen;
  box.replaceChildren(details);
  function bandOf() {
    return [
      ...(alerts.standing.length
        ? [
            el(
              'ul',
              { class: 'alerts' },
              ...alerts.standing.map((a) =>
                el(
                  'li',
                  { class: LEVEL_CLASS[a.level] ?? '' },
                  `【${a.levelName}】序号${a.no}：时限 ${a.milestone}`,
                  a.level === 1
                    ? `，还有${a.workdays}个工作日`
                    : a.level === 3
                      ? `，已逾期${a.workdays}个工作日`
                      : '，今天到期',
                ),
              ),
            ),
          ]
        : []),
      ...open.map((s) => {
        const answer = el('textarea', { rows: '3', 'aria-label': '回复办理情况' }) as HTMLTextAreaElement;
        return el(
          'div',
          { class: 'notice' },
          el('h3', {}, `${s.title}（${s.level}）序号${s.no}：${s.state}${s.late ? `，${s.late}` : ''}`),
          el('p', {}, `任务：${brief(s.problem)}`),
          el('p', {}, `督办要求：${s.demand}`),
          el('p', { class: 'muted' }, `请于 ${s.signBy} 前签收，${s.replyBy} 前回复。`),
          ...(s.state === '待签收'
            ? [el('button', { type: 'button', class: 'primary', onclick: () => step(s.id, 'sign') }, '签收')]
            : s.state === '待回复'
              ? [
                  answer,
                  el(
                    'button',
                    { type: 'button', class: 'primary', onclick: () => step(s.id, 'reply', answer.value) },
                    '回复',
                  ),
                ]
              : []),
        );
      }),
      ...interviews.map((i) =>
        el('p', { class: 'instruction' }, `约谈（序号${i.no}，${i.date}，${i.person}）：${i.outcome}`),
      ),
      ...instructions.map((i) =>
        el('p', { class: 'instruction' }, `领导批示（序号${i.no}，${i.leader}，${i.date}）：${i.text}`),
      ),
      say,
    ];
  }
}
