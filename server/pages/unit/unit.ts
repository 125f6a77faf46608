// The unit page: a unit signs in by the link the office sent (or pastes its token), sees its
// tasks in each ledger, fills progress, status and remarks (kept as a draft on the device),
// and submits through the same merge as everything else; or downloads and uploads its sheet.
import { COLOUR_STYLE, colourOf } from '../../../core/colour.ts';
import { todayIso } from '../../../core/deadline.ts';
import { uuidOf } from '../../../core/uuid.ts';
import { LIMITS } from '../../../core/limits.ts';
import { POLICY } from '../../../core/policy.ts';
import { tokenOf } from '../../../core/sign-in.ts';
import { STATUS_EN } from '../../../core/status.ts';
import {
  answerOf,
  apiClient,
  ServiceError,
  submitRowsTo,
  type ClosuresAnswer,
  type SubmissionAnswer,
  type TasksAnswer,
  uploadTo,
} from '../../http/client.ts';
import { $, el, message, when } from '../dom.ts';
import { closingBox } from './closing.ts';
import { UnitEvidence } from './evidence.ts';
import { showSupervision } from './supervision.ts';
import { language, serviceWords, setLanguage, t, translatePage } from './words.ts';

const TOKEN = 'ledger-unit-token';
const REPORTER = 'ledger-unit-reporter';
type Task = TasksAnswer['tasks'][number];
type Own = { progress: string; status: string; remarks: string };

const token = () => localStorage.getItem(TOKEN) ?? '';
const client = () => apiClient(location.origin, token());
let ledgerId = '';
let loaded: TasksAnswer | undefined;
const files = new UnitEvidence(() => ({ client: client(), ledgerId, unit: loaded?.unit }), showProblem);

/** The token from the link's fragment (never sent to a server), remembered on this device. */
function tokenFromLink() {
  const match = /(?:^#|&)token=([\w-]+)/.exec(location.hash);
  if (!match) return;
  localStorage.setItem(TOKEN, match[1]!);
  history.replaceState(null, '', location.pathname);
}

/** One id per device and ledger: this device's submissions form a line (see the stamp's copy). */
function copyId(): string {
  const key = `ledger-unit-copy:${ledgerId}`;
  const known = localStorage.getItem(key);
  if (known) return known;
  const id = uuidOf(crypto.getRandomValues(new Uint8Array(16)));
  localStorage.setItem(key, id);
  return id;
}

const draftKey = () => `ledger-unit-draft:${ledgerId}`;
const drafts = (): Record<string, Own> => JSON.parse(localStorage.getItem(draftKey()) ?? '{}') as Record<string, Own>;

function ownOf(task: Task): Own {
  return loaded?.unit
    ? (task.byUnit[loaded.unit] ?? { progress: '', status: '', remarks: '' })
    : { progress: '', status: '', remarks: '' };
}

function showProblem(error: unknown) {
  const box = $('#problem');
  box.hidden = !error;
  box.textContent = error ? message(error) : '';
}

function signedOut(text = '') {
  $('#sign-in').hidden = false;
  $('#work').hidden = true;
  $('#sign-out').hidden = true;
  $('#sign-in-error').hidden = !text;
  $('#sign-in-error').textContent = text;
}

function taskCard(task: Task) {
  const own = drafts()[task.id] ?? ownOf(task);
  const colouring = colourOf({ status: ownOf(task).status || task.status, deadline: task.deadline }, todayIso());
  const look = COLOUR_STYLE[colouring.colour];
  const english = language() === 'en';
  const others = Object.entries(task.byUnit)
    .filter(([unit, values]) => unit !== loaded?.unit && (values.progress || values.status))
    .map(([unit, values]) => `${unit}：${[values.status, values.progress].filter(Boolean).join('；')}`);
  const field = (name: keyof Own, control: HTMLElement) =>
    el('div', {}, el('label', { for: `${name}-${task.no}` }, t(name)), control);
  const status = el(
    'select',
    { id: `status-${task.no}`, name: 'status' },
    el('option', { value: '' }, t('choose')),
    ...POLICY.lead.statuses.map((s) => el('option', { value: s }, english ? `${s} (${STATUS_EN[s]})` : s)),
  ) as HTMLSelectElement;
  status.value = own.status;
  const progress = el('textarea', { id: `progress-${task.no}`, name: 'progress', rows: '4' }) as HTMLTextAreaElement;
  progress.value = own.progress;
  const count = lengthCounter(progress);
  const remarks = el('input', { id: `remarks-${task.no}`, name: 'remarks', type: 'text' }) as HTMLInputElement;
  remarks.value = own.remarks;
  // A task the office closed off takes no more reports: its card is read-only and grey.
  const closed = task.status === '已销号';
  if (closed) for (const control of [status, progress, remarks]) control.disabled = true;
  return el(
    'section',
    { class: closed ? 'card task closed' : 'card task', 'data-task': String(task.no), 'data-id': task.id },
    el(
      'h3',
      {},
      el(
        'span',
        { class: 'colour', style: { background: `#${look.fill}`, color: `#${look.font}` } },
        english ? look.wordEn : look.word,
      ),
      t('taskNo', { no: task.no }),
    ),
    el('details', {}, el('summary', {}, task.problem), el('p', {}, task.problem)),
    el(
      'p',
      { class: 'meta' },
      `${t('deadline', { deadline: task.deadline || '—' })}　${english ? look.labelEn : colouring.reason}`,
    ),
    ...(others.length ? [el('div', { class: 'others', 'aria-label': t('others') }, others.join('\n'))] : []),
    el(
      'div',
      { class: 'fields' },
      el('div', {}, el('label', { for: `progress-${task.no}` }, t('progress')), progress, count),
      field('status', status),
      field('remarks', remarks),
    ),
    ...conflictNotes(task),
    files.box(task.no),
    closingBox(task, {
      client: client(),
      ledgerId,
      unit: loaded?.unit ?? '',
      closures,
      ownStatus: ownOf(task).status,
      reload: loadTasks,
    }),
    el('p', { class: 'outcome', 'data-outcome': '' }),
  );
}

/**
 * The unit's cells in conflict, whenever the page is opened: both texts while the office has not
 * ruled, then what it decided (until the unit writes the cell again).
 */
function conflictNotes(task: Task): HTMLElement[] {
  return (task.conflicts ?? []).map((c) => {
    const field = ['progress', 'status', 'remarks'].includes(c.field) ? t(c.field as keyof Own) : c.field;
    return el(
      'p',
      { class: c.decided ? 'conflict-note decided' : 'conflict-note', 'data-field': c.field },
      c.decided
        ? t('conflictDecided', { field, value: c.decided.value, by: c.decided.by, at: when(c.decided.at) })
        : t('conflictBoth', { field, mine: c.mine, office: c.office }),
    );
  });
}

/** 已写 N 字 under a text box, which turns into the reason to shorten it once it is over what a cell holds. */
function lengthCounter(box: HTMLTextAreaElement) {
  const counter = el('p', { class: 'counter', 'aria-live': 'polite' });
  const show = () => {
    const over = box.value.length > LIMITS.cellText;
    counter.classList.toggle('over', over);
    const figures = {
      length: box.value.length.toLocaleString('en-US'),
      limit: LIMITS.cellText.toLocaleString('en-US'),
    };
    counter.textContent = t(over ? 'counterOver' : 'counter', figures);
  };
  box.addEventListener('input', show);
  show();
  return counter;
}

let closures: ClosuresAnswer['closures'] = [];

const isFilled = (card: HTMLElement) => {
  const values = valuesOf(card);
  return Boolean(values.progress.trim() || values.status);
};

/** 已填 3/28, as the page holds the tasks now; answers the cards. */
function showFilled(): HTMLElement[] {
  const cards = [...document.querySelectorAll<HTMLElement>('#tasks .task')];
  $('#filled').textContent = t('filled', { done: cards.filter(isFilled).length, count: cards.length });
  return cards;
}

/**
 * 已填 3/28 for a township with many tasks, a list to jump to a task, and a switch to show only
 * the tasks not yet filled: what the page holds now, the draft included.
 */
function showIndex() {
  const cards = showFilled();
  const onlyEmpty = $<HTMLInputElement>('#only-empty').checked;
  for (const card of cards) card.hidden = onlyEmpty && isFilled(card);
  $('#jump').replaceChildren(
    el('option', { value: '' }, t('jumpTo')),
    ...cards.map((card) => el('option', { value: card.dataset.task! }, t('taskNo', { no: card.dataset.task! }))),
  );
}

/** What the page holds for a task now. */
function valuesOf(card: HTMLElement): Own {
  const value = (name: string) => (card.querySelector(`[name=${name}]`) as HTMLInputElement).value;
  return { progress: value('progress'), status: value('status'), remarks: value('remarks') };
}

/** What the page shows of a ledger, asked at once: on a phone's slow link each answer costs a round trip. */
function ledgerAnswers(id?: string) {
  const api = client();
  const param = { param: { ledgerId: id ?? '' } };
  const ledger = api.ledgers[':ledgerId'];
  return Promise.all([
    answerOf(id ? ledger.tasks.$get(param) : api.tasks.$get()),
    answerOf(id ? ledger.round.$get({ ...param, query: {} }) : api.round.$get({ query: {} })),
    answerOf(id ? ledger.closures.$get(param) : api.closures.$get()),
    answerOf(id ? ledger.evidence.$get(param) : api.evidence.$get()),
  ]);
}
type LedgerAnswers = Awaited<ReturnType<typeof ledgerAnswers>>;

/** The ledger's tasks on the page; `early` when the county's first ledger was asked for before knowing it is this one. */
async function loadTasks(early?: LedgerAnswers) {
  const [tasks, round, closed, attached] =
    early && early[0].ledgerId === ledgerId ? early : await ledgerAnswers(ledgerId);
  loaded = tasks;
  closures = closed.closures;
  files.keep(attached.evidence);
  $('#who').textContent = loaded.unit ?? '';
  const deadline = round.reportingDeadline ? t('roundDeadline', { deadline: round.reportingDeadline }) : '';
  const state = round.unit ? t('roundState', { state: round.unit.state }) : '';
  $('#ledger-info').textContent =
    t('ledgerInfo', { title: loaded.title, revision: loaded.revision, count: loaded.tasks.length }) + deadline + state;
  $('#tasks').replaceChildren(...loaded.tasks.map(taskCard));
  showIndex();
  // 填报人 and 联系电话 stay with the unit: a device that has none takes the last ones given.
  for (const [id, value] of [
    ['#reporter', loaded.reporter?.name],
    ['#phone', loaded.reporter?.phone],
  ] as const)
    if (!$<HTMLInputElement>(id).value && value) $<HTMLInputElement>(id).value = value;
  files.show();
  $('#draft-note').textContent = Object.keys(drafts()).length ? t('draftKept') : '';
  // The 预警与督办 band fills in beside the tasks: the report does not wait on it.
  void showSupervision(client(), ledgerId, loadTasks).catch((error) => sayInBar(message(error), 'error'));
}

async function start() {
  if (!token()) return signedOut();
  try {
    // The county's first ledger is most often the unit's: asked for beside the list, not after it.
    const early = ledgerAnswers().catch(() => undefined);
    const { ledgers } = await answerOf(client().ledgers.$get());
    $('#sign-in').hidden = true;
    $('#work').hidden = false;
    $('#sign-out').hidden = false;
    $('#ledger').replaceChildren(...ledgers.map((l) => el('option', { value: l.id }, l.title)));
    ledgerId = ledgers[0]?.id ?? '';
    if (ledgerId) await loadTasks(await early);
    else $('#ledger-info').textContent = t('noLedger');
  } catch (error) {
    if (error instanceof ServiceError && error.status === 401) {
      localStorage.removeItem(TOKEN);
      return signedOut(t('badToken'));
    }
    showProblem(error);
  }
}

/** Where the clerk is looking: the bar beside 提交 says what happened, in a word and a colour. */
function sayInBar(text: string, tone: 'ok' | 'error' | '') {
  const note = $('#draft-note');
  note.textContent = text;
  note.className = tone || 'muted';
}

/**
 * Each task card says what became of it; the first card with a problem comes into view. A card
 * in conflict shows both texts: the unit need not send it again.
 */
function markCards(answer: SubmissionAnswer) {
  const name = (field: string) => (['progress', 'status', 'remarks'].includes(field) ? t(field as keyof Own) : field);
  let first: HTMLElement | undefined;
  for (const card of document.querySelectorAll<HTMLElement>('#tasks .task')) {
    const no = card.dataset.task;
    const mark = card.querySelector<HTMLElement>('.outcome')!;
    const applied = answer.applied.filter((a) => String(a.no) === no);
    const conflicts = answer.conflicts.filter((c) => String(c.no) === no);
    const rejected = answer.rejected.filter((r) => String(r.no) === no);
    // The answer says it now: the standing note on the same cell would say it twice.
    for (const c of conflicts) card.querySelector(`.conflict-note[data-field="${c.field}"]`)?.remove();
    const lines = [
      ...applied.map((a) => t('fieldApplied', { field: name(a.field) })),
      ...conflicts.map((c) => t('conflictBoth', { field: name(c.field), mine: c.incoming, office: c.master })),
      ...rejected.map((r) => t('rejected', { why: serviceWords(r.reason) })),
    ];
    mark.dataset.outcome = rejected.length
      ? 'rejected'
      : conflicts.length
        ? 'conflict'
        : applied.length
          ? 'applied'
          : '';
    mark.textContent = lines.join('\n');
    if (!first && (rejected.length || conflicts.length)) first = card;
  }
  first?.scrollIntoView({ block: 'center' });
}

/** The answer in plain words, per task: 已采用 / 冲突，待办公室裁定 / 未采用 with the reason. */
function showAnswer(answer: SubmissionAnswer) {
  const byTask = new Map<string, string[]>();
  const add = (no: number | string, text: string) => byTask.set(String(no), [...(byTask.get(String(no)) ?? []), text]);
  const name = (field: string) => (['progress', 'status', 'remarks'].includes(field) ? t(field as keyof Own) : field);
  for (const a of answer.applied) add(a.no, t('fieldApplied', { field: name(a.field) }));
  for (const c of answer.conflicts) add(c.no, t('fieldConflict', { field: name(c.field), by: c.masterBy }));
  for (const r of answer.rejected) add(r.no, t('rejected', { why: serviceWords(r.reason) }));
  const words = [...byTask].map(([no, items]) => ({ no, text: t('perTask', { no, items: items.join('；') }) }));
  markCards(answer);
  const box = $('#answer');
  box.hidden = false;
  box.replaceChildren(
    el('h2', {}, t('answer')),
    el(
      'p',
      {},
      t('answerCounts', {
        applied: answer.applied.length,
        conflicts: answer.conflicts.length,
        rejected: answer.rejected.length,
      }),
    ),
    el('ul', {}, ...words.map((w) => el('li', { 'data-task': w.no }, w.text))),
    ...answer.warnings.map((w) => el('p', { class: 'muted' }, serviceWords(w))),
  );
}

async function submit(event: Event) {
  event.preventDefault();
  if (!loaded) return;
  const rows = [...document.querySelectorAll<HTMLElement>('#tasks .task')].flatMap((card) => {
    const task = loaded!.tasks.find((t) => t.id === card.dataset.id)!;
    const now = valuesOf(card);
    const own = ownOf(task);
    const changed = (Object.keys(now) as (keyof Own)[]).filter((k) => now[k] !== own[k]);
    return changed.length ? [{ no: task.no, id: task.id, ...Object.fromEntries(changed.map((k) => [k, now[k]])) }] : [];
  });
  if (rows.length === 0) {
    sayInBar(t('nothingChanged'), 'error');
    await reportNoNews();
    return;
  }
  // A cell holds 32,767 characters: said per task before anything is sent, never as rows.0.progress.
  for (const row of rows)
    for (const key of ['progress', 'status', 'remarks'] as const) {
      const text = (row as Partial<Own>)[key] ?? '';
      if (text.length <= LIMITS.cellText) continue;
      const words = t('tooLong', {
        no: row.no,
        field: t(key),
        limit: LIMITS.cellText.toLocaleString('en-US'),
        length: text.length.toLocaleString('en-US'),
      });
      // The last answer no longer says what the page holds.
      $('#answer').hidden = true;
      for (const mark of document.querySelectorAll<HTMLElement>('#tasks .outcome')) {
        mark.textContent = '';
        mark.dataset.outcome = '';
      }
      sayInBar(words, 'error');
      showProblem(words);
      document.querySelector(`.task[data-task="${row.no}"]`)?.scrollIntoView({ block: 'center' });
      return;
    }
  const button = $<HTMLButtonElement>('#submit');
  button.disabled = true;
  button.textContent = t('submitting');
  try {
    const reporter = {
      name: $<HTMLInputElement>('#reporter').value.trim(),
      phone: $<HTMLInputElement>('#phone').value.trim(),
    };
    localStorage.setItem(REPORTER, JSON.stringify(reporter));
    const answer = await answerOf(
      submitRowsTo(client(), ledgerId, { baseRevision: loaded.revision, copy: copyId(), rows, reporter }),
    );
    showProblem(undefined);
    localStorage.removeItem(draftKey());
    await loadTasks();
    showAnswer(answer);
    sayInBar(
      t(answer.conflicts.length || answer.rejected.length ? 'sentWithProblems' : 'sent', {
        applied: answer.applied.length,
        conflicts: answer.conflicts.length,
        rejected: answer.rejected.length,
      }),
      answer.rejected.length ? 'error' : 'ok',
    );
  } catch (error) {
    // Retrying helps only when the network failed; what the service refused needs a change first.
    const offline = !(error instanceof ServiceError) || error.status === 0;
    const why = offline ? t('offline') : message(error);
    sayInBar(t(offline ? 'notSentOffline' : 'notSentRefused', { why }), 'error');
    showProblem(t(offline ? 'notSent' : 'notSentRefused', { why }));
  } finally {
    button.disabled = false;
    button.textContent = t('submit');
  }
}

/**
 * 本月无新进展: the unit's words of last month still hold. Sent as its own values unchanged, the
 * round counts it as reported with nothing new (已报无采用), so it is not chased.
 */
async function reportNoNews() {
  if (!loaded || !confirm(t('noNewsConfirm'))) return;
  const rows = loaded.tasks
    .filter((task) => task.status !== '已销号')
    .map((task) => ({ no: task.no, id: task.id, ...ownOf(task) }));
  try {
    await answerOf(submitRowsTo(client(), ledgerId, { baseRevision: loaded.revision, copy: copyId(), rows }));
    await loadTasks();
    sayInBar(t('noNewsSent'), 'ok');
  } catch (error) {
    sayInBar(t('notSentRefused', { why: message(error) }), 'error');
  }
}

tokenFromLink();
{
  const saved = JSON.parse(localStorage.getItem(REPORTER) ?? '{}') as { name?: unknown; phone?: unknown };
  $<HTMLInputElement>('#reporter').value = typeof saved.name === 'string' ? saved.name : '';
  $<HTMLInputElement>('#phone').value = typeof saved.phone === 'string' ? saved.phone : '';
}
$('#sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem(TOKEN, tokenOf($<HTMLInputElement>('#token').value));
  void start();
});
$('#no-news').addEventListener('click', () => void reportNoNews());
$('#sign-out').addEventListener('click', () => {
  localStorage.removeItem(TOKEN);
  signedOut();
});
$('#ledger').addEventListener('change', () => {
  ledgerId = $<HTMLSelectElement>('#ledger').value;
  void loadTasks().catch(showProblem);
});
$('#tasks').addEventListener('input', (event) => {
  const card = (event.target as HTMLElement).closest<HTMLElement>('.task');
  if (!card) return;
  localStorage.setItem(draftKey(), JSON.stringify({ ...drafts(), [card.dataset.id!]: valuesOf(card) }));
  $('#draft-note').textContent = t('draftSaved');
  showFilled();
});
$('#only-empty').addEventListener('change', showIndex);
$('#jump').addEventListener('change', () => {
  const no = $<HTMLSelectElement>('#jump').value;
  const card = document.querySelector<HTMLElement>(`.task[data-task="${no}"]`);
  if (card) {
    card.hidden = false;
    card.scrollIntoView({ block: 'start' });
  }
});
$('#report').addEventListener('submit', submit);
for (const id of ['#reporter', '#phone']) {
  $(id).addEventListener('input', () => {
    const reporter = {
      name: $<HTMLInputElement>('#reporter').value.trim(),
      phone: $<HTMLInputElement>('#phone').value.trim(),
    };
    localStorage.setItem(REPORTER, JSON.stringify(reporter));
  });
}
$('#download').addEventListener('click', async () => {
  try {
    const res = await client().ledgers[':ledgerId'].units[':unit']['sheet.xlsx'].$get({
      param: { ledgerId, unit: loaded?.unit ?? '' },
      query: {},
    });
    if (!res.ok) throw new ServiceError(t('downloadFailed', { status: res.status }), res.status);
    const url = URL.createObjectURL(await res.blob());
    el('a', { href: url, download: `${loaded?.unit ?? ''}-整改台账.xlsx` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showProblem(error);
  }
});
/** Uploads a filled workbook and shows the same answer as 提交. */
async function uploadSheet(file: File | undefined) {
  const note = $('#upload-note');
  if (!file) return showProblem(t('pickFirst'));
  note.textContent = t('uploading', { name: file.name, size: `${Math.ceil(file.size / 1024)} KB` });
  try {
    const answer = await answerOf(uploadTo(client(), ledgerId, file));
    showProblem(undefined);
    showAnswer(answer);
    await loadTasks();
  } catch (error) {
    showProblem(error);
  } finally {
    note.textContent = '';
  }
}

$('#upload-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void uploadSheet($<HTMLInputElement>('#upload').files?.[0]);
});
const drop = $('#upload-form');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  void uploadSheet(event.dataTransfer?.files[0]);
});
$('#language').addEventListener('click', () => {
  setLanguage(language() === 'en' ? 'zh' : 'en');
  translatePage();
  if (loaded) void loadTasks().catch(showProblem);
});
translatePage();
void start();
