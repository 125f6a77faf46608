// The unit page: a unit signs in by the link the office sent (or pastes its token), sees its
// tasks in each ledger, fills progress, status and remarks (kept as a draft on the device),
// and submits through the same merge as everything else; or downloads and uploads its sheet.
import { COLOUR_STYLE, colourOf } from '../../../core/colour.ts';
import { todayIso } from '../../../core/deadline.ts';
import { POLICY } from '../../../core/policy.ts';
import {
  answerOf,
  apiClient,
  ServiceError,
  submitRowsTo,
  type SubmissionAnswer,
  type TasksAnswer,
  uploadTo,
} from '../../client.ts';
import { $, el, message } from '../dom.ts';

const TOKEN = 'ledger-unit-token';
const REPORTER = 'ledger-unit-reporter';
type Task = TasksAnswer['tasks'][number];
type Own = { progress: string; status: string; remarks: string };

const token = () => localStorage.getItem(TOKEN) ?? '';
const client = () => apiClient(location.origin, token());
let ledgerId = '';
let loaded: TasksAnswer | undefined;

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
  const id = crypto.randomUUID();
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
  const others = Object.entries(task.byUnit)
    .filter(([unit, values]) => unit !== loaded?.unit && (values.progress || values.status))
    .map(([unit, values]) => `${unit}：${[values.status, values.progress].filter(Boolean).join('；')}`);
  const field = (name: keyof Own, label: string, control: HTMLElement) =>
    el('div', {}, el('label', { for: `${name}-${task.no}` }, label), control);
  const status = el(
    'select',
    { id: `status-${task.no}`, name: 'status' },
    el('option', { value: '' }, '（请选择）'),
    ...POLICY.lead.statuses.map((s) => el('option', { value: s }, s)),
  ) as HTMLSelectElement;
  status.value = own.status;
  const progress = el('textarea', { id: `progress-${task.no}`, name: 'progress', rows: '4' }) as HTMLTextAreaElement;
  progress.value = own.progress;
  const remarks = el('input', { id: `remarks-${task.no}`, name: 'remarks', type: 'text' }) as HTMLInputElement;
  remarks.value = own.remarks;
  return el(
    'section',
    { class: 'card task', 'data-task': String(task.no), 'data-id': task.id },
    el(
      'h3',
      {},
      el(
        'span',
        { class: 'colour', style: { background: `#${look.fill}`, color: `#${look.font}` } },
        look.label.split('：')[0] ?? '',
      ),
      `序号${task.no}`,
    ),
    el('details', {}, el('summary', {}, task.problem), el('p', {}, task.problem)),
    el('p', { class: 'meta' }, `整改时限：${task.deadline || '—'}　${colouring.reason}`),
    ...(others.length ? [el('div', { class: 'others', 'aria-label': '其他单位的填报' }, others.join('\n'))] : []),
    el(
      'div',
      { class: 'fields' },
      field('progress', '整改进展', progress),
      field('status', '完成状态', status),
      field('remarks', '备注', remarks),
    ),
    evidenceBox(task),
    el('p', { class: 'outcome', 'data-outcome': '' }),
  );
}

/** 佐证材料 of a task: what is attached, and a picker to attach more (each file goes up on its own). */
function evidenceBox(task: Task) {
  const list = el('ul', { class: 'evidence' });
  const input = el('input', {
    type: 'file',
    id: `evidence-${task.no}`,
    multiple: '',
    accept: 'image/*,.pdf,.doc,.docx,.xls,.xlsx',
  }) as HTMLInputElement;
  const note = el('p', { class: 'muted', role: 'status' });
  const params = { param: { ledgerId, no: String(task.no) } };
  const show = async () => {
    const { evidence } = await answerOf<{ evidence: { id: number; name: string; size: number; unit: string }[] }>(
      client().ledgers[':ledgerId'].tasks[':no'].evidence.$get(params),
    );
    list.replaceChildren(
      ...evidence.map((e) => el('li', {}, `${e.name}（${Math.ceil(e.size / 1024)} KB，${e.unit || '办公室'}）`)),
    );
  };
  input.addEventListener('change', async () => {
    for (const picked of input.files ?? []) {
      note.textContent = `正在上传“${picked.name}”…`;
      try {
        await answerOf(
          client().ledgers[':ledgerId'].tasks[':no'].evidence.$post({ ...params, form: { file: picked } }),
        );
        note.textContent = `已上传“${picked.name}”。`;
      } catch (error) {
        note.textContent = `“${picked.name}”没有上传：${message(error)}`;
      }
    }
    input.value = '';
    await show().catch(showProblem);
  });
  void show().catch(() => undefined);
  return el(
    'div',
    {},
    el('label', { for: `evidence-${task.no}` }, '佐证材料（图片、PDF、Word、Excel，每个不超过 20 MB）'),
    input,
    note,
    list,
  );
}

/** What the page holds for a task now. */
function valuesOf(card: HTMLElement): Own {
  const value = (name: string) => (card.querySelector(`[name=${name}]`) as HTMLInputElement).value;
  return { progress: value('progress'), status: value('status'), remarks: value('remarks') };
}

async function loadTasks() {
  loaded = await answerOf<TasksAnswer>(client().ledgers[':ledgerId'].tasks.$get({ param: { ledgerId } }));
  $('#who').textContent = loaded.unit ?? '';
  const round = await answerOf<{ reportingDeadline: string | null; unit: { state: string } | null }>(
    client().ledgers[':ledgerId'].round.$get({ param: { ledgerId }, query: {} }),
  );
  const deadline = round.reportingDeadline ? ` · 本轮报送截止 ${round.reportingDeadline}` : '';
  const state = round.unit ? ` · 本单位本轮：${round.unit.state}` : '';
  $('#ledger-info').textContent =
    `${loaded.title} · 第${loaded.revision}版 · 本单位任务 ${loaded.tasks.length} 项${deadline}${state}`;
  $('#tasks').replaceChildren(...loaded.tasks.map(taskCard));
  $('#draft-note').textContent = Object.keys(drafts()).length ? '有未提交的草稿（保存在本设备）。' : '';
}

async function start() {
  if (!token()) return signedOut();
  try {
    const { ledgers } = await answerOf<{ ledgers: { id: string; title: string }[] }>(client().ledgers.$get());
    $('#sign-in').hidden = true;
    $('#work').hidden = false;
    $('#sign-out').hidden = false;
    $('#ledger').replaceChildren(...ledgers.map((l) => el('option', { value: l.id }, l.title)));
    ledgerId = ledgers[0]?.id ?? '';
    if (ledgerId) await loadTasks();
    else $('#ledger-info').textContent = '本单位目前没有需要填报的台账。';
  } catch (error) {
    if (error instanceof ServiceError && error.status === 401) {
      localStorage.removeItem(TOKEN);
      return signedOut('令牌无效或已被办公室作废，请向办公室索取新的登录链接。');
    }
    showProblem(error);
  }
}

/** The answer in plain words, per task: 已采用 / 冲突，待办公室裁定 / 未采用 with the reason. */
function showAnswer(answer: SubmissionAnswer) {
  const words: string[] = [];
  const byTask = new Map<string, string[]>();
  const add = (no: number | string, text: string) => byTask.set(String(no), [...(byTask.get(String(no)) ?? []), text]);
  const name = { progress: '整改进展', status: '完成状态', remarks: '备注' } as Record<string, string>;
  for (const a of answer.applied) add(a.no, `${name[a.field] ?? a.field}已采用`);
  for (const c of answer.conflicts)
    add(c.no, `${name[c.field] ?? c.field}冲突，待办公室裁定（台账现值由${c.masterBy}填写）`);
  for (const r of answer.rejected) add(r.no, `未采用：${r.reason}`);
  for (const [no, items] of byTask) words.push(`序号${no}：${items.join('；')}`);
  const box = $('#answer');
  box.hidden = false;
  box.replaceChildren(
    el('h2', {}, '提交结果'),
    el(
      'p',
      {},
      `已采用 ${answer.applied.length} 处，冲突 ${answer.conflicts.length} 处，未采用 ${answer.rejected.length} 处。`,
    ),
    el('ul', {}, ...words.map((w) => el('li', { 'data-task': w.slice(2, w.indexOf('：')) }, w))),
    ...answer.warnings.map((w) => el('p', { class: 'muted' }, w)),
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
    showProblem('没有修改：请先填写整改进展、完成状态或备注。');
    return;
  }
  const button = $<HTMLButtonElement>('#submit');
  button.disabled = true;
  button.textContent = '正在提交…';
  try {
    const reporter = {
      name: $<HTMLInputElement>('#reporter').value.trim(),
      phone: $<HTMLInputElement>('#phone').value.trim(),
    };
    localStorage.setItem(REPORTER, JSON.stringify(reporter));
    const answer = await answerOf<SubmissionAnswer>(
      submitRowsTo(client(), ledgerId, { baseRevision: loaded.revision, copy: copyId(), rows, reporter }),
    );
    showProblem(undefined);
    localStorage.removeItem(draftKey());
    showAnswer(answer);
    await loadTasks();
  } catch (error) {
    showProblem(`提交没有完成（草稿仍保存在本设备，可稍后再提交）：${message(error)}`);
  } finally {
    button.disabled = false;
    button.textContent = '提交';
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
  localStorage.setItem(TOKEN, $<HTMLInputElement>('#token').value.trim());
  void start();
});
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
  $('#draft-note').textContent = '草稿已保存在本设备。';
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
    if (!res.ok) throw new ServiceError(`下载失败（${res.status}）`, res.status);
    const url = URL.createObjectURL(await res.blob());
    el('a', { href: url, download: `${loaded?.unit ?? ''}-整改台账.xlsx` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showProblem(error);
  }
});
$('#upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $<HTMLInputElement>('#upload').files?.[0];
  if (!file) return showProblem('请先选择填好的报表文件。');
  try {
    const answer = await answerOf<SubmissionAnswer>(uploadTo(client(), ledgerId, file));
    showProblem(undefined);
    showAnswer(answer);
    await loadTasks();
  } catch (error) {
    showProblem(error);
  }
});
void start();
