// The office's dashboard: the round at a glance for the ledger shown, and the county's ledgers,
// roster and access. Plain DOM, every value set as text; the API through its typed client.
import { HEADER, type Field } from '../../../core/fields.ts';
import { answerOf, ServiceError, type ConflictsAnswer, type UnitsAnswer } from '../../http/client.ts';
import { setUpAccess } from './access.ts';
import { renderCharts } from './charts.ts';
import { renderClosures } from './closures.ts';
import { newText } from '../../../core/compare.ts';
import { suggestedSide } from '../../../core/echo.ts';
import { todayIso } from '../../../core/deadline.ts';
import { setUpEntered } from './entered.ts';
import { save } from './files.ts';
import { setUpEvidence } from './evidence.ts';
import { renderRounds, setUpRounds } from './rounds.ts';
import { $, brief, el, message, typingIn, when } from '../dom.ts';
import { setUpNewLedger } from './new-ledger.ts';
import { setUpRoster } from './roster.ts';
import { setUpSettings } from './settings.ts';
import { setUpWps } from './wps.ts';
import { renderAlerts, setUpAlerts } from './alerts.ts';
import { renderScores, setUpScores } from './scores.ts';
import { chooseLedger, client, currentLedger, ledgerClient, ledgerParam, signIn, signOut, token } from './session.ts';

type Unit = UnitsAnswer['units'][number];
type Conflict = ConflictsAnswer['conflicts'][number];

/** The judging date the office picked (a what-if); none means today. */
/** A 判定日期 other than today: said in a banner, as everything on the board is then a what-if. */
function judging(): { today?: string } {
  const today = $<HTMLInputElement>('#judged-on').value;
  const banner = $('#judging-banner');
  banner.hidden = !today || today === todayIso();
  banner.textContent = `按 ${today} 判定，仅供推演：颜色、逾期和报送状态都按这一天计算，台账数据没有改变。清空判定日期即回到今天。`;
  return today ? { today } : {};
}

function showBoard() {
  $('#sign-in').hidden = true;
  $('#board').hidden = false;
  $('#sign-out').hidden = false;
  $('#load-error').hidden = true;
}

/** The ledger picker: the county's ledgers, the one shown selected. */
async function showLedgers() {
  const { ledgers } = await answerOf(client().ledgers.$get());
  if (!ledgers.some((l) => l.id === currentLedger())) chooseLedger(ledgers[0]?.id ?? '');
  const picker = $<HTMLSelectElement>('#ledger');
  if (picker.options.length !== ledgers.length || [...picker.options].some((o, i) => o.value !== ledgers[i]?.id)) {
    picker.replaceChildren(...ledgers.map((l) => el('option', { value: l.id }, `${l.title}（${l.tasks}项）`)));
  }
  picker.value = currentLedger();
}

function showSignIn(text?: string) {
  $('#sign-in').hidden = false;
  $('#board').hidden = true;
  $('#sign-out').hidden = true;
  $('#sign-in-error').hidden = !text;
  $('#sign-in-error').textContent = text ?? '';
}

/** Who owes the report first, then who is late, waits on a conflict, sent nothing new, reported. */
const STATE_ORDER = ['未报', '迟报', '有冲突', '已报无采用', '已报'];

let shownUnits: Unit[] = [];

function renderUnits(units: Unit[] = shownUnits) {
  shownUnits = units;
  $('#entered-units').replaceChildren(...units.map((u) => el('option', { value: u.name })));
  const only = $<HTMLSelectElement>('#units-filter').value;
  const rows = units
    .filter((u) => !only || u.state === only)
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state));
  $('#units tbody').replaceChildren(
    ...rows.map((u) =>
      el(
        'tr',
        { 'data-unit': u.name },
        el('td', {}, u.name),
        el('td', {}, el('span', { class: 'state', 'data-state': u.state }, u.state)),
        el('td', {}, u.tasks),
        el('td', {}, when(u.reportedAt)),
        el('td', {}, when(u.lastSubmissionAt)),
        el('td', {}, u.reporter ?? ''),
        el('td', {}, u.openConflicts || ''),
      ),
    ),
  );
}

/** A side of a conflict with what it changed against the base marked: removed struck, added in bold. */
function side(title: string, base: string, value: string) {
  const change = newText(base, value);
  const removed = newText(value, base).added;
  return el(
    'div',
    { class: 'side' },
    el('b', {}, title),
    change.before,
    ...(removed ? [el('del', {}, removed)] : []),
    ...(change.added ? [el('ins', {}, change.added)] : []),
    change.after || (value || base ? '' : '（空）'),
  );
}

let conflictsShown = '';

/** The last rulings, a line each under the open conflicts: what was decided, by whom, when. */
const SETTLED_SHOWN = 10;

function settledLine(c: Conflict) {
  const where = `#${c.id} 任务${c.no} · ${HEADER[c.field as Field] ?? c.field}${c.unit ? ` · ${c.unit}` : ''}`;
  return el(
    'li',
    { 'data-settled': String(c.id) },
    `${where}：已裁定为“${brief(c.resolvedValue ?? '', 80)}”（${c.resolvedBy ?? ''}，${when(c.resolvedAt)}）`,
  );
}

/**
 * Open conflicts, redrawn only when they change and never while the office is typing a ruling;
 * below them the last ones settled, so that a ruling leaves a line saying what was decided.
 */
function renderConflicts(all: Conflict[]) {
  const conflicts = all.filter((c) => !c.resolvedAt);
  const settled = all
    .filter((c) => c.resolvedAt)
    .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''))
    .slice(0, SETTLED_SHOWN);
  $('#conflict-count').textContent = String(conflicts.length);
  const key = JSON.stringify([conflicts.map((c) => [c.id, c.master, c.incoming]), settled.map((c) => c.id)]);
  if (key === conflictsShown || typingIn('#conflicts')) return;
  conflictsShown = key;
  const decided = settled.length
    ? [el('h3', {}, '最近的裁定'), el('ul', { class: 'settled' }, ...settled.map(settledLine))]
    : [];
  if (conflicts.length === 0) {
    $('#conflicts').replaceChildren(el('p', { class: 'muted' }, '没有待裁定的冲突。'), ...decided);
    return;
  }
  $('#conflicts').replaceChildren(
    ...conflicts.map((c) => {
      const suggested = suggestedSide(c);
      const custom = el(
        'textarea',
        { 'aria-label': '裁定的值', rows: '2' },
        suggested === 'master' ? c.master : c.incoming,
      ) as HTMLTextAreaElement;
      const settle = (value: string) => async () => {
        try {
          await answerOf(
            ledgerClient().conflicts[':id'].resolve.$post({
              param: { ...ledgerParam().param, id: String(c.id) },
              json: { value },
            }),
          );
          conflictsShown = '';
          await refresh();
        } catch (error) {
          alert(`裁定失败：${message(error)}`);
        }
      };
      const both = [c.master, c.incoming].filter(Boolean).join(c.field === 'status' ? '' : '\n');
      return el(
        'div',
        { class: 'conflict', 'data-conflict': String(c.id) },
        el('h3', {}, `#${c.id} 任务${c.no} · ${HEADER[c.field as Field] ?? c.field}${c.unit ? ` · ${c.unit}` : ''}`),
        el(
          'div',
          { class: 'sides' },
          el('div', { class: 'side' }, el('b', {}, '原值（提交所依据的版本）'), c.base || '（空）'),
          side(`提交的值（${c.incomingBy}，${when(c.openedAt)}）`, c.base, c.incoming),
          side(`台账现值（${c.masterBy}）`, c.base, c.master),
        ),
        el(
          'div',
          { class: 'actions' },
          el(
            'button',
            { ...(suggested === 'master' ? { class: 'primary' } : {}), onclick: settle(c.master) },
            '保留台账现值',
          ),
          el(
            'button',
            { ...(suggested === 'incoming' ? { class: 'primary' } : {}), onclick: settle(c.incoming) },
            '采用提交的值',
          ),
          ...(c.field === 'status' ? [] : [el('button', { onclick: () => void settle(both)() }, '两者都保留')]),
          custom,
          el('button', { onclick: () => void settle(custom.value)() }, '按此裁定'),
        ),
      );
    }),
    ...decided,
  );
}

async function refresh() {
  try {
    await showLedgers();
    if (!currentLedger()) {
      showBoard();
      $('#ledger-info').textContent = '还没有台账：请用“新建台账”导入本县的整改方案。';
      return;
    }
    const api = ledgerClient();
    const [units, tasks, conflicts] = await Promise.all([
      answerOf(api.units.$get({ ...ledgerParam(), query: judging() })),
      answerOf(api.tasks.$get(ledgerParam())),
      answerOf(api.conflicts.$get({ ...ledgerParam(), query: { all: '' } })),
    ]);
    showBoard();
    $('#ledger-info').textContent =
      `${tasks.title} · 第${tasks.revision}版 · ${tasks.tasks.length}项任务${units.round && !units.round.closedAt ? ` · ${units.round.period}月报截止 ${units.round.deadline}` : ''}`;
    renderUnits(units.units);
    const overdue = renderCharts(tasks.tasks, judging().today ?? todayIso());
    renderConflicts(conflicts.conflicts);
    const [, closures] = await Promise.all([
      renderRounds(),
      renderClosures(refresh, tasks.tasks),
      renderAlerts(judging(), refresh),
      renderScores(judging()),
    ]);
    const reported = units.units.filter((u) => u.state === '已报' || u.state === '迟报').length;
    $('#head-reported').textContent = `${reported} / ${units.units.length}`;
    $('#head-overdue').textContent = String(overdue);
    $('#head-conflicts').textContent = String(conflicts.conflicts.filter((c) => !c.resolvedAt).length);
    $('#head-closures').textContent = String(closures);
  } catch (error) {
    const status = error instanceof ServiceError ? error.status : 0;
    if (status === 401 || status === 403) {
      signOut();
      showSignIn(status === 403 ? '这是单位令牌，工作台需要办公室令牌。' : '令牌无效，请重新输入。');
    } else {
      $('#load-error').hidden = false;
      $('#load-error').textContent = `无法连接服务：${message(error)}。请检查服务是否在运行，稍后会自动重试。`;
    }
  }
}

async function download() {
  const button = $<HTMLButtonElement>('#download');
  button.disabled = true;
  button.textContent = '正在生成…';
  try {
    await save(ledgerClient()['master.xlsx'].$get({ ...ledgerParam(), query: judging() }), '整改台账汇总.xlsx');
  } catch (error) {
    alert(`下载失败：${message(error)}`);
  } finally {
    button.disabled = false;
    button.textContent = '下载汇总台账（Excel）';
  }
}

$('#sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($<HTMLInputElement>('#token').value.trim());
  void refresh();
});
$('#sign-out').addEventListener('click', () => {
  signOut();
  showSignIn();
});
$('#download').addEventListener('click', download);
$('#judged-on').addEventListener('change', () => void refresh());
$('#units-filter').addEventListener('change', () => renderUnits());
$('#ledger').addEventListener('change', () => {
  chooseLedger($<HTMLSelectElement>('#ledger').value);
  void refresh();
});
setUpNewLedger((id) => {
  chooseLedger(id);
  void refresh();
});
setUpRoster();
setUpSettings();
setUpAlerts(judging, refresh);
setUpScores(refresh);
setUpWps();
setUpAccess();
setUpEvidence();
setUpEntered(refresh);
setUpRounds(refresh);

if (token()) void refresh();
else showSignIn();
setInterval(() => token() && !$('#board').hidden && refresh(), 5000);
