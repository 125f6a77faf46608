/** 销号 requests in the dashboard: those waiting on the office or on lead units, approved or returned with a reason. */
import { answerOf, type ClosuresAnswer, type EvidenceAnswer } from '../../http/client.ts';
import { $, brief, el, message, typingIn, when } from '../dom.ts';
import { evidenceLink } from './evidence.ts';
import { ledgerClient, ledgerParam } from './session.ts';

type Closure = ClosuresAnswer['closures'][number];

let shown = '';

type Evidence = EvidenceAnswer['evidence'][number];

function card(c: Closure, refresh: () => Promise<void>, problem: string, files: Evidence[]) {
  const param = { param: { ...ledgerParam().param, id: String(c.id) } };
  const reason = el('input', {
    type: 'text',
    'aria-label': `退回序号${c.no}的理由`,
    placeholder: '退回理由',
  }) as HTMLInputElement;
  const result = el('p', { role: 'status' });
  const act = (call: () => Promise<unknown>) => async () => {
    try {
      await call();
      shown = '';
      await refresh();
    } catch (error) {
      result.textContent = message(error);
    }
  };
  return el(
    'div',
    { class: 'closure', 'data-closure': String(c.id) },
    el('h3', {}, `序号${c.no} · ${c.requestedBy}申请销号 · ${when(c.requestedAt)} · ${c.state}`),
    el('p', { class: 'muted' }, brief(problem)),
    ...(c.note ? [el('p', {}, c.note)] : []),
    el(
      'p',
      {},
      '佐证材料：',
      ...(files.length ? files.flatMap((f, i) => (i ? ['、', evidenceLink(f)] : [evidenceLink(f)])) : ['（没有）']),
    ),
    el(
      'p',
      { class: 'muted' },
      `已确认：${c.confirmations.map((x) => x.unit).join('、')}` +
        (c.waitingFor.length ? `；待确认：${c.waitingFor.join('、')}` : ''),
    ),
    el(
      'div',
      { class: 'actions' },
      ...(c.state === '待审核'
        ? [
            el(
              'button',
              { class: 'primary', onclick: act(() => answerOf(ledgerClient().closures[':id'].approve.$post(param))) },
              '批准销号',
            ),
          ]
        : []),
      reason,
      el(
        'button',
        {
          onclick: () => {
            if (!reason.value.trim()) {
              result.textContent = '请写明退回理由，单位会看到。';
              return;
            }
            void act(() =>
              answerOf(
                ledgerClient().closures[':id'].return.$post({ ...param, json: { reason: reason.value.trim() } }),
              ),
            )();
          },
        },
        '退回',
      ),
    ),
    result,
  );
}

/** Requests still open; redrawn only when they change, so a reason being typed is kept. Answers how many wait on the office. */
export async function renderClosures(
  refresh: () => Promise<void>,
  tasks: { no: number; problem: string }[],
): Promise<number> {
  const [{ closures }, { evidence }] = await Promise.all([
    answerOf(ledgerClient().closures.$get(ledgerParam())),
    answerOf(ledgerClient().evidence.$get(ledgerParam())),
  ]);
  const active = closures.filter((c) => c.state === '待审核' || c.state === '待确认');
  const key = JSON.stringify([active, evidence.filter((e) => active.some((c) => c.no === e.no))]);
  const waiting = active.filter((c) => c.state === '待审核').length;
  $('#closure-count').textContent = String(waiting);
  if (key === shown || typingIn('#closures')) return waiting;
  shown = key;
  $('#closures').replaceChildren(
    ...(active.length
      ? active.map((c) =>
          card(
            c,
            refresh,
            tasks.find((t) => t.no === c.no)?.problem ?? '',
            evidence.filter((e) => e.no === c.no),
          ),
        )
      : [el('p', { class: 'muted' }, '没有待办的销号申请。')]),
  );
  return waiting;
}
