/** The supervision office's page: each county's figures, judged on a date, and the consolidated workbook. */
import { answerOf, provinceClient } from '../../http/client.ts';
import { save } from '../dashboard/files.ts';
import { $, el } from '../dom.ts';

const TOKEN_KEY = 'ledger-province-token';
const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
const client = () => provinceClient(location.origin, token());
const judgedOn = () => $<HTMLInputElement>('#judged-on').value;
const query = () => (judgedOn() ? { today: judgedOn() } : {});

function showError(where: string, text?: string) {
  $(where).hidden = !text;
  $(where).textContent = text ?? '';
}

type Province = Awaited<ReturnType<typeof loadProvince>>;
type County = Province['counties'][number];

const loadProvince = () => answerOf(client().province.$get({ query: query() }));
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const named = (c: { name: string; county: string }) => `${c.name}（${c.county}）`;
const names = (list: string[]) => (list.length ? list.join('、') : '无');

function row(c: County) {
  return el(
    'tr',
    { 'data-county': c.county },
    el('td', {}, c.rank),
    el('td', {}, named(c)),
    el('td', {}, c.score),
    el('td', c.overdue > 0 ? { class: 'overdue' } : {}, `${percent(c.overdueRate)}（${c.overdue}/${c.tasks}）`),
    el('td', {}, `${percent(c.closedRate)}（${c.closedOff}）`),
    el('td', {}, c.units > 0 ? `${percent(c.onTimeRate)}（${c.onTime}/${c.units}）` : '—'),
    el(
      'td',
      c.noRoundThisMonth ? { class: 'overdue' } : {},
      c.round ? `${c.round}，截止${c.deadline}${c.noRoundThisMonth ? '（本月未开启）' : ''}` : '尚未开启',
    ),
  );
}

function details(c: County) {
  const open = el('button', { type: 'button' }, '查看该县台账');
  open.addEventListener('click', () => void showCounty(c.county));
  return el(
    'details',
    { class: 'county', 'data-county': c.county },
    el('summary', {}, `第${c.rank}名 ${named(c)}：未报${c.missingUnits.length}个，迟报${c.lateUnits.length}个`),
    el(
      'ul',
      {},
      el(
        'li',
        c.noRoundThisMonth ? { class: 'flag' } : {},
        c.round
          ? `当前轮次：${c.round}，报送截止${c.deadline}${c.noRoundThisMonth ? '；本月尚未开启月报' : ''}`
          : '尚未开启月报',
      ),
      el('li', {}, `未报单位：${names(c.missingUnits)}`),
      el('li', {}, `迟报单位：${names(c.lateUnits)}`),
      el('li', {}, `销号：待确认或待审核${c.pendingClosures}项，已退回${c.returnedClosures}项`),
      el('li', {}, `督办单：未办结${c.openSupervisions}份，未按时签收或回复${c.lateSupervisions}份`),
      el(
        'li',
        {},
        c.change.since
          ? `较${c.change.since}：新增逾期${c.change.newlyOverdue}项，新销号${c.change.newlyClosed}项`
          : '尚无已结束的月报，无法比较',
      ),
    ),
    open,
  );
}

async function load(): Promise<void> {
  const state = await loadProvince();
  $('#title').textContent = `整改台账 · ${state.name}汇总`;
  $<HTMLInputElement>('#judged-on').value ||= state.judgedOn;
  $('#status').textContent = `判定日期 ${state.judgedOn}，共 ${state.counties.length} 个县（区）。`;
  const sum = (pick: (c: County) => number) => state.counties.reduce((n, c) => n + pick(c), 0);
  const [tasks, overdue, closed, units, onTime] = [
    sum((c) => c.tasks),
    sum((c) => c.overdue),
    sum((c) => c.closedOff),
    sum((c) => c.units),
    sum((c) => c.onTime),
  ];
  const rate = (part: number, whole: number) => (whole ? percent(part / whole) : '—');
  $('#counties tbody').replaceChildren(...state.counties.map(row));
  $('#counties tfoot').replaceChildren(
    el(
      'tr',
      {},
      el('td', {}, ''),
      el('td', {}, '合计'),
      el('td', {}, ''),
      el('td', {}, `${rate(overdue, tasks)}（${overdue}/${tasks}）`),
      el('td', {}, `${rate(closed, tasks)}（${closed}）`),
      el('td', {}, `${rate(onTime, units)}（${onTime}/${units}）`),
      el('td', {}, ''),
    ),
  );
  $('#formula').textContent = `排名依据：${state.formula}`;
  $('#details').replaceChildren(...state.counties.map(details));
  const digest = await answerOf(client().province.digest.$get({ query: query() }));
  $('#digest').textContent = digest.text;
  $<HTMLButtonElement>('#digest-send').disabled = !digest.webhook;
  $<HTMLButtonElement>('#digest-send').title = digest.webhook ? '' : '本服务没有设置群机器人（LEDGER_CHASE_WEBHOOK）';
}

async function showCounty(id: string) {
  try {
    const county = await answerOf(client().province.counties[':id'].$get({ param: { id }, query: query() }));
    $('#county-title').textContent = `${named(county)}台账（只读，按${county.judgedOn}判定）`;
    $('#county-body').replaceChildren(
      ...county.ledgers.flatMap((ledger) => [
        el('h3', {}, `${ledger.title}${ledger.round ? ` · ${ledger.round.period}` : ''}`),
        el(
          'div',
          { class: 'scroll' },
          el(
            'table',
            {},
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['序号', '反馈问题', '牵头单位', '状态', '各单位进展', '佐证材料'].map((h) => el('th', {}, h)),
              ),
            ),
            el(
              'tbody',
              {},
              ...ledger.tasks.map((t) =>
                el(
                  'tr',
                  { 'data-task': String(t.no) },
                  el('td', {}, t.no),
                  el('td', {}, t.problem.length > 60 ? `${t.problem.slice(0, 60)}……` : t.problem),
                  el('td', {}, t.leadUnits),
                  el(
                    'td',
                    t.overdue ? { class: 'overdue' } : {},
                    `${t.status || '未填报'}${t.overdue ? '（逾期）' : ''}`,
                  ),
                  el('td', {}, t.words.map((w) => `${w.unit}：${w.progress}`).join('\n') || '—'),
                  el('td', {}, t.evidence.map((e) => `${e.unit}：${e.name}`).join('\n') || '—'),
                ),
              ),
            ),
          ),
        ),
        el(
          'p',
          {},
          `督办单：${ledger.supervisions.map((n) => `${n.title}（序号${n.no}，${n.state}${n.late ? `，${n.late}` : ''}）`).join('；') || '无'}`,
        ),
        el(
          'p',
          {},
          `销号申请：${ledger.closures.map((c) => `序号${c.no} ${c.state}（${c.requestedBy}）`).join('；') || '无'}`,
        ),
      ]),
    );
    $('#county').hidden = false;
    $('#county').scrollIntoView();
  } catch (error) {
    showError('#load-error', (error as Error).message);
  }
}

async function enter(): Promise<void> {
  try {
    await load();
    $('#sign-in').hidden = true;
    $('#board').hidden = false;
    $('#sign-out').hidden = false;
    showError('#sign-in-error');
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    showError('#sign-in-error', (error as Error).message);
  }
}

$('#sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $<HTMLInputElement>('#token').value.trim());
  void enter();
});
$('#sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
});
$('#judged-on').addEventListener('change', () => {
  load().then(
    () => showError('#load-error'),
    (error: Error) => showError('#load-error', error.message),
  );
});
$('#download').addEventListener('click', () => {
  $('#status').textContent = '正在生成汇总表……';
  save(client().province['master.xlsx'].$get({ query: query() }), '督察办整改台账汇总.xlsx').then(
    () => ($('#status').textContent = '汇总表已下载。'),
    (error: Error) => showError('#load-error', error.message),
  );
});
$('#county-close').addEventListener('click', () => {
  $('#county').hidden = true;
  $('#counties').scrollIntoView();
});
$('#digest-send').addEventListener('click', () => {
  answerOf(client().province.digest.send.$post({ query: query() })).then(
    () => ($('#digest-status').textContent = '已推送到群。'),
    (error: Error) => ($('#digest-status').textContent = error.message),
  );
});
$('#notice').addEventListener('click', () => {
  save(client().province['notice.docx'].$get({ query: query() }), '各县（区）整改通报.docx').catch((error: Error) =>
    showError('#load-error', error.message),
  );
});
if (token()) void enter();
