/** The task pane: wires the page to the actions; every value shown is set as text. */
import { tokenOf } from '../../core/sign-in.ts';
import registryData from '../../seeds/registry.json';
import { COLOUR_STYLE, COLOURS, ERROR_MARK, DEFAULT_COLOUR_SETTINGS } from '../../core/colour.ts';
import { todayIso } from '../../core/deadline.ts';
import { HEADER, HEADER_EN, isFollowUp, type Field } from '../../core/fields.ts';
import { createRegistry, type RegistryData } from '../../core/registry.ts';
import type { Finding, Severity } from '../../core/rules.ts';
import { tableOfTasks } from '../../core/table.ts';
import {
  clearMarks,
  followUpFingerprint,
  markConflicts,
  lockedEdits,
  recheckRows,
  selectedTask,
  stampToSubmit,
  submissionRows,
  validate,
  type Validation,
} from '../actions.ts';
import { LedgerApi, type SubmissionAnswer } from '../api.ts';
import { excelHost } from '../excel/excel-host.ts';
import type { SpreadsheetHost } from '../host.ts';
import { $, el } from './dom.ts';
import { outsideExcel, unsupported } from './elsewhere.ts';
import { showSupervision } from './supervision.ts';
import { chineseOnly, say, type Language, type Word } from '../i18n.ts';
import { Cancelled, progress } from '../progress.ts';
import { detectFeatures, features, paneSupported } from '../requirements.ts';
import { ledgerSheetPlan, pulledTasks } from '../sheet-plan.ts';
import { documentMarkStore, loadServiceSettings, saveServiceSettings } from '../stores.ts';
import type { EtApplication } from '../wps/et.ts';
import { wpsApplication, wpsEvents, wpsVersion } from '../wps/wps-app.ts';
import { propertyMarkStore } from '../wps/wps-marks.ts';
import { wpsHost } from '../wps/wps-host.ts';
import { uuidOf } from '../../core/uuid.ts';

/** The county's roster from the service once the pane has a token; the bundled demo roster until then, or offline. */
let registry = createRegistry(registryData as RegistryData);
let rosterLoaded = false;
async function countyRoster() {
  if (rosterLoaded) return registry;
  const settings = loadServiceSettings();
  if (!settings.token) return registry;
  try {
    registry = createRegistry(await new LedgerApi(settings).roster());
    rosterLoaded = true;
  } catch {
    // offline or signed out: validate with what the pane has
  }
  return registry;
}

let language: Language = 'zh';
/** The spreadsheet: Excel once Office is ready, or WPS 表格. */
let sheets: SpreadsheetHost;
let last: Validation | undefined;
/** Every sheet the pane validated, each re-checked live on its own. */
const validations = new Map<string, Validation>();
let working = false;

/** How many times the status line has changed: a re-check says its summary only if nothing was said since the edit. */
let said = 0;
function status(text: string) {
  said++;
  $('#status').textContent = text;
}

/** The service says everything in Chinese, then English: a clerk reading Chinese sees the Chinese. */
const forClerk = (text: string) => (language === 'zh' ? chineseOnly(text) : text);

function problem(error: unknown) {
  const box = $('#problem');
  box.hidden = error === undefined;
  box.textContent = forClerk(error instanceof Error ? error.message : error === undefined ? '' : String(error));
}

/** The pane's work, one piece at a time: a re-check in the background and a clerk's button never interleave. */
let queue: Promise<void> = Promise.resolve();

/**
 * Runs a button's work with the buttons held, progress shown with a count and a 取消 to stop it,
 * and failures said plainly. Quiet work (a re-check in the background) leaves the status line,
 * 取消 and a button's failure alone.
 */
function busy(work: () => Promise<void>, quiet = false): Promise<void> {
  queue = queue.then(() => runBusy(work, quiet));
  return queue;
}

async function runBusy(work: () => Promise<void>, quiet: boolean) {
  const buttons = [...document.querySelectorAll('button')].filter((b) => b.id !== 'cancel') as HTMLButtonElement[];
  for (const b of buttons) b.disabled = true;
  working = true;
  progress.cancelled = false;
  progress.onProgress = quiet ? () => {} : (text) => status(`${say('working', language)} ${text}`);
  if (!quiet) {
    $('#cancel').hidden = false;
    problem(undefined);
    status(say('working', language));
  }
  try {
    await work();
  } catch (error) {
    if (error instanceof Cancelled) status(say('cancelled', language));
    else {
      if (!quiet) status('');
      problem(error);
    }
  } finally {
    working = false;
    $('#cancel').hidden = true;
    for (const b of buttons) b.disabled = false;
  }
}

function today(): string {
  return $<HTMLInputElement>('#today').value || todayIso();
}

function renderLegend() {
  const items: [string, string][] = [
    ...COLOURS.map(
      (c) =>
        [
          COLOUR_STYLE[c].fill,
          (language === 'zh' ? COLOUR_STYLE[c].label : COLOUR_STYLE[c].labelEn).replace(
            '临近时限',
            `${DEFAULT_COLOUR_SETTINGS.dueSoonDays}天内到期`,
          ),
        ] as [string, string],
    ),
    [ERROR_MARK.fill, language === 'zh' ? ERROR_MARK.label : ERROR_MARK.labelEn],
  ];
  const judged = language === 'zh' ? `按 ${today()} 判定` : `judged on ${today()}`;
  $('#legend').replaceChildren(
    ...items.map(([fill, label]) => el('li', {}, el('i', { style: `background:#${fill}` }), label)),
    el('li', { class: 'muted' }, judged),
  );
}

/** Findings shown at first in a group; the rest open on request, so a large sheet stays a short pane. */
const SHOWN = 30;

/**
 * Findings grouped by severity, errors first (open), then by rule within each, each clickable to
 * its cell. On a unit's sheet, notes about columns only the office changes are left out.
 */
/** The findings the pane lists and counts: on a unit's sheet, notes on the office's columns are not the clerk's. */
function shownFindings(validation: Validation): Finding[] {
  const unitSheet = validation.read.stamp?.kind === 'unit' || Boolean(validation.read.table.reportingUnit);
  return validation.findings.filter((f) => !(unitSheet && f.severity === 'info' && !isFollowUp(f.field)));
}

function renderFindings(validation: Validation) {
  const groups: Severity[] = ['error', 'warning', 'info'];
  const box = $('#findings');
  const findings = shownFindings(validation);
  if (findings.length === 0) {
    box.replaceChildren(el('p', {}, say('clean', language)));
    return;
  }
  box.replaceChildren(
    ...groups
      .map((severity) => ({
        severity,
        items: findings
          .filter((f) => f.severity === severity)
          .sort((a, b) => a.rule.localeCompare(b.rule) || Number(a.task) - Number(b.task)),
      }))
      .filter((g) => g.items.length > 0)
      .map((g) => {
        const list = el(
          'div',
          { class: 'items' },
          ...g.items.slice(0, SHOWN).map((f) => findingButton(f, validation.read.sheet)),
        );
        if (g.items.length > SHOWN) {
          const more = el(
            'button',
            { type: 'button', class: 'more' },
            say('showAll', language).replace('{n}', String(g.items.length - SHOWN)),
          );
          more.addEventListener('click', () => {
            more.replaceWith(...g.items.slice(SHOWN).map((f) => findingButton(f, validation.read.sheet)));
          });
          list.append(more);
        }
        const group = el(
          'details',
          { class: 'group', 'data-group': g.severity },
          el('summary', {}, `${say(g.severity as Word, language)}（${g.items.length}）`),
          list,
        ) as HTMLDetailsElement;
        group.open = g.severity === 'error' || findings.length <= SHOWN;
        return group;
      }),
  );
}

function findingButton(f: Finding, sheet: string) {
  const field = language === 'zh' ? HEADER[f.field] : HEADER_EN[f.field];
  const button = el(
    'button',
    { class: 'finding', 'data-severity': f.severity, 'data-cell': f.cell, type: 'button' },
    el('b', {}, `${f.cell || '—'} · ${language === 'zh' ? '序号' : 'No.'}${f.task} · ${field}`),
    f.message,
  );
  button.addEventListener('click', () => f.cell && void sheets.select(sheet, f.cell));
  return button;
}

function summary(validation: Validation) {
  const n = (s: Severity) => shownFindings(validation).filter((f) => f.severity === s).length;
  return language === 'zh'
    ? `已校验 ${validation.read.table.rows.length} 行（按 ${validation.today} 判定）：${n('error')} 个错误，${n('warning')} 个警告，${n('info')} 条提示。`
    : `Checked ${validation.read.table.rows.length} rows (judged on ${validation.today}): ${n('error')} errors, ${n('warning')} warnings, ${n('info')} notes.`;
}

/** Validates the active sheet and shows it; later edits to it are re-checked live. A quiet check leaves the status line to what the clerk did last. */
async function checkActive(quiet = false): Promise<Validation> {
  last = await validate(sheets, await countyRoster(), today());
  validations.set(last.read.sheet, last);
  renderLegend();
  renderFindings(last);
  if (!quiet) status(summary(last));
  nextStep(last.read.stamp ? 'submit' : 'pull');
  await watch(last.read.sheet);
  return last;
}

async function onValidate() {
  await busy(async () => void (await checkActive()));
}

/** Re-checks a sheet's edited rows after a pause in typing; each validated sheet has its own watch. */
const watched = new Set<string>();
async function watch(sheetName: string) {
  if (watched.has(sheetName)) return;
  watched.add(sheetName);
  let pending = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await sheets.onEdit(sheetName, (from, to) => {
    if (!$<HTMLInputElement>('#live').checked || !validations.has(sheetName)) return;
    for (let r = from; r <= Math.min(to, from + 500); r++) pending.add(r);
    const saidAtEdit = said;
    clearTimeout(timer);
    // Queued behind any work under way (a pull or 提交 marks the sheet itself), so it checks what that left.
    timer = setTimeout(() => {
      const rows = [...pending];
      pending = new Set();
      void busy(async () => {
        const before = validations.get(sheetName);
        if (!before) return; // a pull replaced the sheet and its check failed: nothing to re-check against
        const updated = await recheckRows(sheets, registry, before, rows);
        validations.set(sheetName, updated);
        if (last?.read.sheet === sheetName) {
          last = updated;
          renderFindings(updated);
          if (said === saidAtEdit) status(summary(updated));
        }
      }, true);
    }, 600);
  });
}

/**
 * Excel on the web does not raise a change for every edit (a pick from a dropdown, say): the
 * active sheet, when the pane has validated it, is checked again every half minute.
 */
const RECHECK_MS = (window as { ledgerRecheckMs?: number }).ledgerRecheckMs ?? 30_000;
function recheckOnTimer() {
  setInterval(() => {
    if (working || !$<HTMLInputElement>('#live').checked) return;
    void sheets.activeSheet().then((name) => {
      if (validations.has(name)) void busy(async () => void (await checkActive(true)), true);
    });
  }, RECHECK_MS);
}

async function onClear() {
  await busy(async () => {
    const sheet = last?.read.sheet ?? (await sheets.activeSheet());
    // Cleared stays cleared: neither the half-minute re-check nor an edit marks it again until 校验.
    validations.delete(sheet);
    const cleared = await clearMarks(sheets, sheet);
    status(say(cleared ? 'cleared' : 'nothingToClear', language));
    $('#findings').replaceChildren();
  });
}

/** Asks in the pane (Office add-ins cannot use window.confirm); resolves with the clerk's answer. */
function ask(question: string, yes: Word = 'yes'): Promise<boolean> {
  const box = $('#ask');
  $('#ask-text').textContent = question;
  $('#ask-yes').textContent = say(yes, language);
  box.hidden = false;
  // The question has its own 取消; the work's is out of the way until it is answered.
  const cancel = $('#cancel');
  const wasShown = !cancel.hidden;
  cancel.hidden = true;
  return new Promise((resolve) => {
    const answer = (yes: boolean) => () => {
      box.hidden = true;
      cancel.hidden = !wasShown;
      resolve(yes);
    };
    // The pane's buttons are held while it works; the question's own are not.
    for (const [id, yes] of [
      ['#ask-yes', true],
      ['#ask-no', false],
    ] as const) {
      const button = $<HTMLButtonElement>(id);
      button.disabled = false;
      button.onclick = answer(yes);
    }
    $<HTMLButtonElement>('#ask-no').focus();
  });
}

/**
 * 新建台账 / 拉取: the service's tasks (a unit its own, with its own values) as a sheet. A
 * workbook that already holds this unit's sheet of this ledger gets it replaced, after asking
 * when it has edits not yet submitted.
 */
async function onNewLedger() {
  await busy(async () => {
    const api = new LedgerApi(loadServiceSettings());
    const { ledgerId, title, revision, tasks, unit: reader, reporter } = await api.tasks();
    const unit = reader ?? undefined;
    const rows = pulledTasks({ tasks, unit: reader });
    const earlier = (await sheets.stamps()).find((s) => s.ledgerId === ledgerId && s.unit === (unit ?? ''));
    if (earlier) {
      const sheet = await sheets.readTable(earlier.sheet).catch(() => undefined);
      const edited = sheet && earlier.synced && followUpFingerprint(sheet.table) !== earlier.synced;
      if (edited && !(await ask(say('unsentEdits', language).replace('{sheet}', earlier.sheet)))) {
        status(say('pullCancelled', language));
        return;
      }
    }
    const stamp = {
      ledgerId,
      kind: unit ? ('unit' as const) : ('master' as const),
      unit: unit ?? '',
      revision,
      judgedOn: today(),
      copy: uuidOf(crypto.getRandomValues(new Uint8Array(16))),
      synced: followUpFingerprint(tableOfTasks(rows)),
    };
    const deadline = await api.reportingDeadline(ledgerId);
    const plan = ledgerSheetPlan({
      title,
      unit,
      tasks: rows,
      today: today(),
      ...(deadline ? { reportingDeadline: deadline } : {}),
      ...(reporter ? { reporter } : {}),
    });
    const name = await sheets.writeSheet(plan, earlier?.sheet);
    const placed = rows.map((t, i) => ({ row: plan.body.firstRow + i, taskId: t.id, no: t.no }));
    await sheets.saveStamp({ ...stamp, sheet: name, headerRow: plan.headerRow, rows: placed });
    // A new sheet took the name: it is watched afresh when validated below, with no marks on record.
    watched.delete(name);
    validations.delete(name);
    await sheets.marks.remove(name);
    status(
      language === 'zh'
        ? `已写入工作表“${name}”：${rows.length} 项任务，台账第 ${revision} 版。`
        : `Wrote sheet "${name}": ${rows.length} tasks, revision ${revision}.`,
    );
    last = undefined;
    await checkActive();
  });
}

function renderAnswer(answer: SubmissionAnswer) {
  const list = (word: Word, items: string[]) =>
    el(
      'div',
      { class: 'result', 'data-result': word },
      el('h3', {}, `${say(word, language)}（${items.length}）`),
      el('ul', {}, ...(items.length ? items : [say('none', language)]).map((t) => el('li', {}, t))),
    );
  const name = (field: string) =>
    (language === 'zh' ? HEADER[field as keyof typeof HEADER] : HEADER_EN[field as keyof typeof HEADER_EN]) ?? field;
  $('#sync-result').replaceChildren(
    el(
      'p',
      {},
      language === 'zh'
        ? `已报送：采用 ${answer.applied.length} 处，${answer.conflicts.length} 处待办公室裁定，${answer.rejected.length} 处未采用。`
        : `Sent: ${answer.applied.length} taken, ${answer.conflicts.length} for the office to settle, ${answer.rejected.length} not taken.`,
    ),
    list(
      'applied',
      answer.applied.map((a) => `序号${a.no} · ${name(a.field)}`),
    ),
    list(
      'conflicts',
      answer.conflicts.map(
        (c) =>
          `序号${c.no} · ${name(c.field)}：待办公室裁定，无需重复提交。本单位填的“${c.incoming}”，台账现值“${c.master}”（${c.masterBy}）`,
      ),
    ),
    list(
      'rejected',
      answer.rejected.map((r) => `序号${r.no} · ${r.field === '*' ? '整行' : name(r.field)}：${r.reason}`),
    ),
    ...answer.warnings.map((w) => el('p', { class: 'muted' }, w)),
  );
}

/**
 * 提交: the sheet is checked again first; errors, and edits to columns only the office changes
 * (which the service would not take), are shown and the clerk asked before anything is sent.
 */
async function onSubmit() {
  await busy(async () => {
    const settings = loadServiceSettings();
    const checked = await checkActive();
    const { read } = checked;
    const stamp = stampToSubmit(read);
    const api = new LedgerApi(settings);
    const errors = checked.findings.filter((f) => f.severity === 'error');
    const locked = stamp.kind === 'unit' ? lockedEdits(read, (await api.tasksOf(stamp.ledgerId)).tasks) : [];
    if (errors.length > 0 || locked.length > 0) {
      const lines = [
        ...(errors.length ? [say('submitErrors', language).replace('{n}', String(errors.length))] : []),
        ...(locked.length
          ? [
              say('submitLocked', language).replace(
                '{cells}',
                locked.map((l) => `${l.cell}（序号${l.no}·${HEADER[l.field]}）`).join('、'),
              ),
            ]
          : []),
      ];
      if (!(await ask(`${lines.join('\n')}\n${say('submitAnyway', language)}`, 'submitYes'))) {
        status(say('submitCancelled', language));
        return;
      }
    }
    const rows = submissionRows(read, stamp.kind === 'master');
    // Once sent, the service decides: 取消 goes, and the count says what is on its way.
    $('#cancel').hidden = true;
    status(say('sending', language).replace('{n}', String(rows.length)));
    const answer = await api.submit(stamp.ledgerId, stamp.revision, stamp.copy, rows);
    renderAnswer(answer);
    await sheets.saveStamp({ ...stamp, synced: followUpFingerprint(read.table) });
    await markConflicts(
      sheets,
      checked,
      answer.conflicts.map((c) => ({ ...c, field: c.field as Field })),
    );
    status(
      language === 'zh'
        ? `已提交：写入 ${answer.applied.length} 处，冲突 ${answer.conflicts.length} 处，未采用 ${answer.rejected.length} 处。`
        : `Submitted: ${answer.applied.length} applied, ${answer.conflicts.length} conflicts, ${answer.rejected.length} rejected.`,
    );
  });
}

/** 佐证材料 for the task on the selected row: each file goes up on its own; the first refusal stops. */
async function onEvidence() {
  const input = $<HTMLInputElement>('#evidence');
  const files = [...(input.files ?? [])];
  input.value = '';
  if (files.length === 0) return;
  await busy(async () => {
    const { ledgerId, no } = await selectedTask(sheets);
    const api = new LedgerApi(loadServiceSettings());
    const sent: string[] = [];
    const attached = () => say('attached', language).replace('{no}', String(no)).replace('{names}', sent.join('、'));
    for (const file of files) {
      status(`${say('working', language)} ${file.name}`);
      try {
        await api.attachEvidence(ledgerId, no, file);
      } catch (error) {
        throw new Error(
          `${sent.length ? `${attached()}。` : ''}“${file.name}”：${forClerk(error instanceof Error ? error.message : String(error))}`,
        );
      }
      sent.push(file.name);
    }
    status(attached());
  });
}

/** One primary button at a time, on the clerk's next step: 拉取 until the sheet has a stamp, then 提交. */
function nextStep(step: 'pull' | 'submit') {
  for (const id of ['pull', 'validate', 'submit']) $(`#${id}`).classList.toggle('primary', id === step);
}

function relabel() {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll<HTMLElement>('[data-word]'))
    node.textContent = say(node.dataset.word as Word, language);
  $('#language').textContent = language === 'zh' ? 'English' : '中文';
  renderLegend();
  if (last) {
    renderFindings(last);
    status(summary(last));
  }
}

/**
 * Who the pane reports as, in one line above the steps: 县水利局 · 台账 · 本轮截止 …. A unit has no
 * 新建台账 (that is the office's); without a token, the line says to fill one in.
 */
async function showIdentity() {
  const line = $('#identity');
  const settings = loadServiceSettings();
  if (!settings.token) {
    line.textContent = say('noIdentity', language);
    return;
  }
  try {
    const who = await new LedgerApi(settings).identity();
    const deadline = who.deadline ? ` · ${say('deadlineIs', language)}${who.deadline}` : '';
    line.textContent = `${who.unit ?? say('office', language)} · ${who.title}${deadline}`;
    $('#new-ledger').hidden = Boolean(who.unit);
    if (who.unit) await showSupervision(new LedgerApi(settings), who.ledgerId, language);
  } catch (error) {
    line.textContent = forClerk(error instanceof Error ? error.message : String(error));
  }
}

/** In Excel: the pane needs the declared API sets, and does without notes where the host lacks them. */
function startInExcel() {
  if (!paneSupported(Office.context.requirements)) return unsupported();
  detectFeatures(Office.context.requirements);
  begin(
    excelHost((batch) => Excel.run(batch), documentMarkStore(Office.context.document.settings)),
    'Excel',
    Office.context.displayLanguage,
  );
}

/** In WPS 表格: its 批注 are notes, and the marks record goes in the workbook's document properties. */
function startInWps(app: EtApplication) {
  features.notes = true;
  const marks = propertyMarkStore(() => {
    const book = app.ActiveWorkbook;
    if (!book) throw new Error('WPS 中没有打开的工作簿。No workbook is open in WPS.');
    return book.CustomDocumentProperties;
  });
  const version = wpsVersion(app);
  begin(wpsHost(app, marks, wpsEvents()), `WPS 表格${version ? ` ${version}` : ''}`, navigator.language);
}

/** The pane on its host: `hostName` says which, `displayLanguage` picks the pane's words. */
function begin(host: SpreadsheetHost, hostName: string, displayLanguage: string | undefined) {
  sheets = host;
  $('#host').textContent = hostName;
  const settings = loadServiceSettings();
  $<HTMLInputElement>('#service-token').value = settings.token;
  $<HTMLInputElement>('#today').value = todayIso();
  if (!settings.token) ($('#settings') as HTMLDetailsElement).open = true;
  $('#validate').addEventListener('click', onValidate);
  $('#clear').addEventListener('click', onClear);
  $('#new-ledger').addEventListener('click', onNewLedger);
  $('#pull').addEventListener('click', onNewLedger);
  $('#submit').addEventListener('click', onSubmit);
  $('#cancel').addEventListener('click', () => {
    progress.cancelled = true;
  });
  recheckOnTimer();
  $('#evidence').addEventListener('change', onEvidence);
  $('#today').addEventListener('change', renderLegend);
  $('#language').addEventListener('click', () => {
    language = language === 'zh' ? 'en' : 'zh';
    relabel();
  });
  $('#settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveServiceSettings({
      token: tokenOf($<HTMLInputElement>('#service-token').value),
    });
    status(say('settingsSaved', language));
    void showIdentity();
  });
  language = displayLanguage?.toLowerCase().startsWith('zh') === false ? 'en' : 'zh';
  relabel();
  if (!features.notes) status(say('noNotes', language));
  void showIdentity();
}

const wps = wpsApplication();
if (wps) startInWps(wps);
else if (typeof Office === 'undefined') outsideExcel();
else void Office.onReady((info) => (info.host === Office.HostType.Excel ? startInExcel() : outsideExcel()));
