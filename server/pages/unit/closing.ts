/**
 * The unit page's 销号 box on a task: the request's state, and what the unit can do next. Shown
 * to the units that close the task (its lead units, or its responsible units when it has none).
 */
import { answerOf, type ApiClient, type ClosuresAnswer, type TasksAnswer } from '../../http/client.ts';
import { day, el, message } from '../dom.ts';
import { language, t } from './words.ts';

type Task = TasksAnswer['tasks'][number];

export interface ClosingPlace {
  client: ApiClient;
  ledgerId: string;
  unit: string;
  closures: ClosuresAnswer['closures'];
  /** The status the unit itself reported for the task: 销号 is asked for once it is 已完成. */
  ownStatus: string;
  reload: () => Promise<void>;
}

/** A day in the county's calendar. */
const localDay = (iso: string | null) => day(iso, language() === 'en' ? 'en-CA' : 'zh-CN');

/** 销号 for a task the unit closes (it leads it, or it has no lead unit): the request's state, and what the unit can do next. */
export function closingBox(task: Task, { client, ledgerId, unit, closures, ownStatus, reload }: ClosingPlace) {
  const closers = task.leadUnitNames.length ? task.leadUnitNames : task.responsibleUnitNames;
  if (!closers.includes(unit)) return el('div', {});
  const latest = closures.filter((c) => c.no === task.no).at(-1);
  const note = el('p', { class: 'muted', role: 'status' });
  const act = (call: () => Promise<unknown>) => async () => {
    try {
      await call();
      note.textContent = t('closingSent');
      await reload();
    } catch (error) {
      note.textContent = message(error);
    }
  };
  const param = { param: { ledgerId, no: String(task.no) } };
  const lines: (HTMLElement | string)[] = [];
  if (latest?.state === '已销号') {
    lines.push(t('closingDone', { by: latest.decidedBy ?? '', when: localDay(latest.decidedAt) }));
  } else if (latest && latest.state !== '已退回') {
    lines.push(t('closingState', { state: latest.state, by: latest.requestedBy, when: localDay(latest.requestedAt) }));
    if (latest.waitingFor.length) lines.push(t('closingWaiting', { units: latest.waitingFor.join('、') }));
    if (latest.waitingFor.includes(unit)) {
      const id = { param: { ledgerId, id: String(latest.id) } };
      lines.push(
        el(
          'button',
          {
            type: 'button',
            onclick: act(() => answerOf(client.ledgers[':ledgerId'].closures[':id'].confirm.$post(id))),
          },
          t('confirmClosing'),
        ),
      );
    }
  } else if (task.status === '已销号') {
    lines.push(t('closingClosed'));
  } else if (ownStatus !== '已完成') {
    if (latest?.reason) lines.push(el('p', { class: 'error' }, t('closingReturned', { reason: latest.reason })));
    lines.push(t('closingWhenDone'));
  } else {
    if (latest?.reason) lines.push(el('p', { class: 'error' }, t('closingReturned', { reason: latest.reason })));
    const words = el('input', { type: 'text', id: `closing-${task.no}`, maxlength: '2000' }) as HTMLInputElement;
    lines.push(
      el('label', { for: `closing-${task.no}` }, t('closingNote')),
      words,
      el(
        'button',
        {
          type: 'button',
          onclick: () =>
            void act(() =>
              answerOf(
                client.ledgers[':ledgerId'].tasks[':no'].closure.$post({
                  ...param,
                  json: { note: words.value.trim() },
                }),
              ),
            )(),
        },
        t('requestClosing'),
      ),
    );
  }
  return el(
    'div',
    { class: 'closing', 'data-closing': String(task.no) },
    el('b', {}, t('closing')),
    ...lines.map((line) => (typeof line === 'string' ? el('p', {}, line) : line)),
    note,
  );
}
