/** 月报 in the dashboard: the round open now, opening and closing rounds, each round's workbook and report, and 催报. */
import { newWords, saysSomethingNew } from '../../../core/compare.ts';
import { answerOf, type ChaseAnswer, type RoundsAnswer, ServiceError } from '../../http/client.ts';
import { $, copyText, el, message, say, when } from '../dom.ts';
import { save } from './files.ts';
import { client, ledgerClient, ledgerParam } from './session.ts';

type CountyRound = RoundsAnswer['rounds'][number];
type Chase = ChaseAnswer;

let open: CountyRound | undefined;

function roundRow(r: CountyRound) {
  const param = { param: { ...ledgerParam().param, id: r.id } };
  const download = (label: string, call: () => Promise<Response>, name: string) =>
    el('button', { type: 'button', onclick: () => save(call(), name).catch((e) => alert(message(e))) }, label);
  return el(
    'tr',
    { 'data-round': r.period },
    el('td', {}, r.period),
    el('td', {}, r.deadline),
    el('td', {}, r.closedAt ? `已结束（${when(r.closedAt)}）` : '进行中'),
    el(
      'td',
      {},
      ...(r.closedAt
        ? [
            download(
              '汇总台账',
              () => ledgerClient().rounds[':id']['master.xlsx'].$get(param) as unknown as Promise<Response>,
              `整改台账汇总-${r.period}.xlsx`,
            ),
          ]
        : []),
      download(
        '整改情况报告',
        () => ledgerClient().rounds[':id']['report.docx'].$get({ ...param, query: {} }) as unknown as Promise<Response>,
        `${r.period}整改情况报告.docx`,
      ),
    ),
  );
}

function renderChase(chase: Chase) {
  $('#chase-count').textContent = String(chase.owing.length);
  $('#chase').replaceChildren(
    ...chase.owing.map((o) =>
      el(
        'li',
        { 'data-unit': o.unit },
        el('b', {}, `${o.unit}（${o.tasks}项）`),
        el('span', {}, o.message),
        el(
          'button',
          { type: 'button', onclick: (event) => void copyText(o.message, event.target as HTMLElement) },
          '复制',
        ),
      ),
    ),
  );
  $('#copy-chase').onclick = () => void copyText(chase.group, $('#copy-chase'));
  $('#chase-send').hidden = !chase.webhook || chase.owing.length === 0;
}

/** Tasks whose progress says something new since the last closed round, the new words marked. */
function renderCompare(compare: { period: string | null; rows: { no: number; before: string; now: string }[] }) {
  const changed = compare.rows
    .map((r) => ({ no: r.no, pieces: newWords(r.before, r.now) }))
    .filter((r) => saysSomethingNew(r.pieces));
  $('#compare-info').textContent = compare.period
    ? `与${compare.period}相比，${changed.length}项任务的进展有新内容（标出的是新增文字）。`
    : '第一轮月报结束后，这里显示每月新增的进展。';
  $('#compare').replaceChildren(
    ...changed.map((r) =>
      el(
        'li',
        { 'data-task': String(r.no) },
        el('b', {}, `序号${r.no}：`),
        ...r.pieces.map((p) => (p.added ? el('mark', {}, p.text) : p.text)),
      ),
    ),
  );
}

/** The rounds and 催报 of the ledger shown; called on every refresh. */
export async function renderRounds() {
  const [{ rounds }, chase, compare] = await Promise.all([
    answerOf(client().rounds.$get()),
    answerOf(ledgerClient().chase.$get(ledgerParam())),
    answerOf(ledgerClient().compare.$get(ledgerParam())),
  ]);
  renderCompare(compare);
  const mine = rounds.filter((r) => r.ledgers.some((l) => l.id === ledgerParam().param.ledgerId));
  open = mine.find((r) => !r.closedAt);
  $('#round-info').dataset.deadline = open ? `${open.period}月报，报送截止 ${open.deadline}` : '';
  $('#round-info').textContent = open
    ? `${open.period}月报进行中，报送截止 ${open.deadline}`
    : '目前没有进行中的月报；开启新一轮后各单位开始报送。';
  $('#round-close').hidden = !open;
  $('#round-form').hidden = Boolean(open);
  $('#rounds tbody').replaceChildren(...[...mine].reverse().map(roundRow));
  renderChase(chase);
}

export function setUpRounds(refresh: () => Promise<void>) {
  const box = $('#round-message');
  $('#round-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const period = $<HTMLInputElement>('#period').value.trim();
    const deadline = $<HTMLInputElement>('#deadline').value;
    if (!confirm(`开启“${period}”月报，报送截止 ${deadline}，覆盖全部台账？`)) return;
    const post = (confirmPast: boolean) =>
      answerOf(client().rounds.$post({ json: { period, deadline, ...(confirmPast ? { confirmPast } : {}) } }));
    try {
      await post(false).catch(async (error) => {
        // A deadline before today: the office says it means it.
        if (error instanceof ServiceError && error.status === 422 && confirm(`${message(error)}\n\n仍要开启吗？`))
          return post(true);
        throw error;
      });
      say(box, `已开启“${period}”月报。`, 'ok');
      await refresh();
    } catch (error) {
      say(box, `没有开启：${message(error)}`);
    }
  });
  $('#round-close').addEventListener('click', async () => {
    if (!open || !confirm(`结束“${open.period}”月报？结束后本轮的台账和各单位报送情况将被封存，不再变化。`)) return;
    try {
      await answerOf(client().rounds[':id'].close.$post({ param: { id: open.id } }));
      say(box, `“${open.period}”月报已结束。`, 'ok');
      await refresh();
    } catch (error) {
      say(box, `没有结束：${message(error)}`);
    }
  });
  $('#chase-send').addEventListener('click', async () => {
    try {
      await answerOf(ledgerClient().chase.send.$post(ledgerParam()));
      say($('#chase-message'), '催报消息已发送到工作群。', 'ok');
    } catch (error) {
      say($('#chase-message'), `没有发送：${message(error)}`);
    }
  });
}
