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

async function load(): Promise<void> {
  const state = await answerOf(client().province.$get({ query: query() }));
  $('#title').textContent = `整改台账 · ${state.name}汇总`;
  $<HTMLInputElement>('#judged-on').value ||= state.judgedOn;
  $('#status').textContent = `判定日期 ${state.judgedOn}，共 ${state.counties.length} 个县（区）。`;
  type Figures = Omit<(typeof state.counties)[number], 'county' | 'name' | 'round'>;
  const total: Figures = { ledgers: 0, tasks: 0, overdue: 0, closedOff: 0, units: 0, reported: 0 };
  for (const c of state.counties) for (const key of Object.keys(total) as (keyof Figures)[]) total[key] += c[key];
  /** A line of the table: the name, the figures, the round. */
  const line = (name: string, f: Figures, round: string, attributes: Record<string, string> = {}) =>
    el(
      'tr',
      attributes,
      ...[name, f.ledgers, f.tasks].map((v) => el('td', {}, v)),
      el('td', f.overdue > 0 ? { class: 'overdue' } : {}, f.overdue),
      el('td', {}, f.closedOff),
      el('td', {}, f.units > 0 ? `${f.reported}/${f.units}` : '—'),
      el('td', {}, round),
    );
  $('#counties tbody').replaceChildren(
    ...state.counties.map((c) => line(c.name, c, c.round ?? '尚未开启', { 'data-county': c.county })),
  );
  $('#counties tfoot').replaceChildren(line('合计', total, ''));
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
if (token()) void enter();
