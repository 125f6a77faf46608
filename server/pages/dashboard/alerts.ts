/**
 * 预警 and 督办 in the dashboard: what stands on the judging date (by level, unit and leader), the
 * day's digest sent now, its record; the ledger's 督办单 with their steps, and the forms that
 * issue one and record a leader's 批示.
 */
import { isSupervisionLevel, SUPERVISION_LEVELS } from '../../../core/supervision.ts';
import { answerOf } from '../../http/client.ts';
import { $, el, message, say, when } from '../dom.ts';
import { save } from './files.ts';
import { ledgerClient, ledgerParam } from './session.ts';

const LEVELS = ['', '临期', '到期', '逾期'];

/** Names by how often they come, most first: 县水利局 3，县林业局 1. */
const tally = (names: string[]) => {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([n, k]) => `${n} ${k}`);
};

export async function renderAlerts(judging: { today?: string }, refresh: () => Promise<void>) {
  const api = ledgerClient();
  const [on, { sent }, { supervisions }] = await Promise.all([
    answerOf(api.alerts.$get({ ...ledgerParam(), query: judging })),
    answerOf(api.alerts.sent.$get(ledgerParam())),
    answerOf(api.supervision.$get(ledgerParam())),
  ]);
  const { warnBefore, overdueEvery, digestHour } = on.rules;
  $('#alerts-rules').textContent =
    `按整改时限自动判定：临期（到期前第${warnBefore.join('、第')}个工作日）、到期（当天）、逾期（之后每${overdueEvery}个工作日再提醒）。` +
    `每天${digestHour}时推送到群，同一条每天只推送一次；在“设置”中修改。`;
  const levels = [3, 2, 1].map((level) => {
    const nos = [...new Set(on.standing.filter((a) => a.level === level).map((a) => a.no))];
    return el('li', {}, `${LEVELS[level]}：${nos.length}项任务${nos.length ? `（序号${nos.join('、')}）` : ''}`);
  });
  $('#alerts').replaceChildren(
    el('ul', {}, ...levels),
    el(
      'p',
      {},
      `按牵头单位（到期和逾期）：${tally(on.standing.filter((a) => a.level >= 2).flatMap((a) => a.leadUnits)).join('，') || '无'}`,
    ),
    el('p', {}, `按责任领导（逾期）：${tally(on.standing.flatMap((a) => a.leaders)).join('，') || '无'}`),
    el('p', { class: 'muted' }, `${on.today}要推送的预警：${on.alerts.length}条。`),
    el(
      'details',
      {},
      el('summary', {}, `预警记录（${sent.length}条）`),
      el(
        'ul',
        {},
        ...sent.slice(0, 100).map((r) => el('li', {}, `${when(r.at)} 序号${r.no} ${LEVELS[r.level]} ${r.outcome}`)),
      ),
    ),
  );
  const step = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await refresh();
    } catch (error) {
      say($('#supervision-message'), message(error));
    }
  };
  $('#supervisions').replaceChildren(
    ...(supervisions.length ? [] : [el('p', { class: 'muted' }, '还没有督办单。')]),
    ...supervisions.map((s) => {
      const param = { ...ledgerParam().param, id: String(s.id) };
      const last = s.trail.at(-1)!;
      const reason = el('input', {
        type: 'text',
        placeholder: '退回理由',
        'aria-label': '退回理由',
      }) as HTMLInputElement;
      return el(
        'div',
        { class: `notice${s.late ? ' late' : ''}` },
        el('b', {}, `${s.title}（${s.level}）序号${s.no}：${s.state}${s.late ? `，${s.late}` : ''}`),
        el('p', {}, `要求：${s.demand}`),
        el(
          'p',
          { class: 'muted' },
          `${s.replyBy} 前回复 · 最近：${last.action}（${last.by}，${when(last.at)}）`,
          last.action === '下发' || !last.text ? '' : `：${last.text}`,
        ),
        el(
          'div',
          { class: 'row' },
          el(
            'button',
            {
              type: 'button',
              onclick: () =>
                void save(
                  ledgerClient().supervision[':id'].$get({ param: { ...param, id: `${s.id}.docx` } }),
                  `${s.title}.docx`,
                ).catch((error) => say($('#supervision-message'), message(error))),
            },
            '下载通知单',
          ),
          ...(s.state === '已回复' || s.state === '待回复'
            ? [
                el(
                  'button',
                  {
                    type: 'button',
                    class: 'primary',
                    onclick: () => step(() => answerOf(ledgerClient().supervision[':id'].close.$post({ param }))),
                  },
                  '办结',
                ),
              ]
            : []),
          ...(s.state === '已回复'
            ? [
                reason,
                el(
                  'button',
                  {
                    type: 'button',
                    onclick: () =>
                      step(() =>
                        answerOf(
                          ledgerClient().supervision[':id'].return.$post({ param, json: { reason: reason.value } }),
                        ),
                      ),
                  },
                  '退回',
                ),
              ]
            : []),
        ),
      );
    }),
  );
}

export function setUpAlerts(judging: () => { today?: string }, refresh: () => Promise<void>) {
  $('#supervision-level').replaceChildren(...SUPERVISION_LEVELS.map((level) => el('option', { value: level }, level)));
  $('#alerts-send').addEventListener('click', async () => {
    const box = $('#alerts-message');
    try {
      const result = await answerOf(ledgerClient().alerts.send.$post({ ...ledgerParam() }));
      say(box, result.sent ? `已推送${result.sent}条预警：${result.outcome}` : result.outcome, 'ok');
      await renderAlerts(judging(), refresh);
    } catch (error) {
      say(box, message(error));
    }
    box.scrollIntoView({ block: 'nearest' });
  });
  const value = (id: string) => $<HTMLInputElement>(id).value;
  $('#supervision-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#supervision-message');
    const level = value('#supervision-level');
    try {
      if (!isSupervisionLevel(level)) throw new Error(`没有“${level}”这一督办等级`);
      const issued = await answerOf(
        ledgerClient().tasks[':no'].supervision.$post({
          param: { ...ledgerParam().param, no: value('#supervision-no') },
          json: {
            level,
            demand: value('#supervision-demand'),
            replyDays: Number(value('#supervision-days')),
          },
        }),
      );
      say(box, `已下发${issued.title}，请于${issued.signBy}前签收、${issued.replyBy}前回复。`, 'ok');
      await refresh();
    } catch (error) {
      say(box, message(error));
    }
  });
  $('#instruction-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#supervision-message');
    try {
      await answerOf(
        ledgerClient().tasks[':no'].instructions.$post({
          param: { ...ledgerParam().param, no: value('#instruction-no') },
          json: {
            leader: value('#instruction-leader'),
            date: value('#instruction-date'),
            text: value('#instruction-text'),
          },
        }),
      );
      say(box, `已记录序号${value('#instruction-no')}的领导批示，该任务的单位在填报页面可见。`, 'ok');
    } catch (error) {
      say(box, message(error));
    }
  });
  $('#interview-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#supervision-message');
    try {
      await answerOf(
        ledgerClient().tasks[':no'].interviews.$post({
          param: { ...ledgerParam().param, no: value('#interview-no') },
          json: {
            unit: value('#interview-unit'),
            person: value('#interview-person'),
            date: value('#interview-date'),
            outcome: value('#interview-outcome'),
          },
        }),
      );
      say(box, `已记录序号${value('#interview-no')}的约谈，被约谈单位在填报页面可见。`, 'ok');
    } catch (error) {
      say(box, message(error));
    }
  });
}
