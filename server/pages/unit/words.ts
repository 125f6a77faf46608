/**
 * The unit page's words: Chinese first, English on the switch. Messages from the service are
 * already Chinese with English alongside, and values (statuses, unit names) stay as written.
 */
import { chineseOnly } from '../dom.ts';

export type Language = 'zh' | 'en';

const WORDS = {
  title: { zh: '整改台账 · 单位填报', en: 'Rectification ledger · unit report' },
  signOut: { zh: '退出', en: 'Sign out' },
  signIn: { zh: '登录', en: 'Sign in' },
  signInHelp: {
    zh: '请打开办公室发来的登录链接，或把链接中的令牌粘贴在这里。本设备会记住登录，直到退出。',
    en: 'Open the sign-in link the office sent you, or paste its token here. This device stays signed in until you sign out.',
  },
  token: { zh: '令牌', en: 'Token' },
  ledger: { zh: '台账', en: 'Ledger' },
  reporter: { zh: '填报人', en: 'Reported by' },
  phone: { zh: '联系电话', en: 'Phone' },
  submit: { zh: '提交', en: 'Submit' },
  submitting: { zh: '正在提交…', en: 'Submitting…' },
  byFile: { zh: '用报表填报', en: 'Report with a workbook' },
  byFileHelp: {
    zh: '也可以下载本单位报表，在 Excel、WPS 中填写后上传（请保留隐藏的标识列和工作表）。',
    en: "Or download your unit's sheet, fill it in Excel or WPS and upload it (keep the hidden id column and sheet).",
  },
  download: { zh: '下载本单位报表', en: "Download my unit's sheet" },
  uploadLabel: {
    zh: '上传填好的报表（.xlsx；.xls、.et、.ods 也可）：拖到这里，或点击选择',
    en: 'Upload the filled sheet (.xlsx; .xls, .et, .ods also work): drop it here or pick it',
  },
  upload: { zh: '上传', en: 'Upload' },
  uploading: { zh: '正在上传“{name}”（{size}）…', en: 'Uploading "{name}" ({size})…' },
  pickFirst: { zh: '请先选择填好的报表文件。', en: 'Pick the filled workbook first.' },
  downloadFailed: { zh: '下载失败（{status}）', en: 'Download failed ({status})' },
  choose: { zh: '（请选择）', en: '(choose)' },
  taskNo: { zh: '序号{no}', en: 'No. {no}' },
  deadline: { zh: '整改时限：{deadline}', en: 'Deadline: {deadline}' },
  others: { zh: '其他单位的填报', en: "Other units' reports" },
  progress: { zh: '整改进展', en: 'Progress' },
  status: { zh: '完成状态', en: 'Status' },
  remarks: { zh: '备注', en: 'Remarks' },
  evidence: {
    zh: '佐证材料（图片、PDF、Word、Excel，每个不超过 20 MB）',
    en: 'Evidence (pictures, PDF, Word, Excel; 20 MB each at most)',
  },
  office: { zh: '办公室', en: 'the office' },
  attached: { zh: '{name}（{size}，{unit}）', en: '{name} ({size}, {unit})' },
  attaching: { zh: '正在上传“{name}”…', en: 'Uploading "{name}"…' },
  attachedOk: { zh: '已上传“{name}”。', en: 'Uploaded "{name}".' },
  attachFailed: { zh: '“{name}”没有上传：{why}', en: '"{name}" was not uploaded: {why}' },
  remove: { zh: '删除', en: 'Remove' },
  removeFile: { zh: '删除佐证材料“{name}”？', en: 'Remove the evidence file "{name}"?' },
  ledgerInfo: {
    zh: '{title} · 第{revision}版 · 本单位任务 {count} 项',
    en: '{title} · revision {revision} · {count} tasks for your unit',
  },
  roundDeadline: { zh: ' · 本轮报送截止 {deadline}', en: ' · this round closes {deadline}' },
  roundState: { zh: ' · 本单位本轮：{state}', en: ' · your unit this round: {state}' },
  noLedger: { zh: '本单位目前没有需要填报的台账。', en: 'Your unit has nothing to report at present.' },
  badToken: {
    zh: '令牌无效或已被办公室作废，请向办公室索取新的登录链接。',
    en: 'This token is not valid or was revoked by the office; ask the office for a new sign-in link.',
  },
  draftKept: { zh: '有未提交的草稿（保存在本设备）。', en: 'There is an unsent draft (kept on this device).' },
  draftSaved: { zh: '草稿已保存在本设备。', en: 'Draft saved on this device.' },
  nothingChanged: {
    zh: '没有修改。本月没有新进展的，可以按“本月无新进展”报送。',
    en: 'Nothing changed. With no new progress this month, report “no new progress”.',
  },
  noNews: { zh: '本月无新进展', en: 'No new progress this month' },
  noNewsConfirm: {
    zh: '本月各项任务没有新进展，按已报送的内容报送本轮？本轮将记为“已报无采用”。',
    en: 'No new progress on any task this month: report the round with what you sent before? It counts as reported, nothing new.',
  },
  noNewsSent: {
    zh: '已报送：本月无新进展，本轮记为“已报无采用”。',
    en: 'Sent: no new progress this month; the round counts it as reported, nothing new.',
  },
  conflictDecided: {
    zh: '{field}曾与办公室的版本不同，办公室已于{at}裁定为：“{value}”（{by}）。',
    en: '{field} differed from the office\'s version; on {at} the office settled it as: "{value}" ({by}).',
  },
  notSent: {
    zh: '提交没有完成（草稿仍保存在本设备，可稍后再提交）：{why}',
    en: 'The report was not sent (the draft is still on this device; submit again later): {why}',
  },
  notSentOffline: {
    zh: '没有报送成功：{why}。草稿已保存在本设备，联网后再点提交。',
    en: 'Not sent: {why}. The draft is kept on this device; submit again once online.',
  },
  notSentRefused: {
    zh: '没有报送成功：{why}',
    en: 'Not sent: {why}',
  },
  offline: { zh: '网络不通', en: 'no network' },
  filled: { zh: '已填 {done}/{count}', en: 'Filled {done}/{count}' },
  jump: { zh: '跳到', en: 'Go to' },
  jumpTo: { zh: '选择序号', en: 'Pick a task' },
  onlyEmpty: { zh: '只看未填的任务', en: 'Only tasks not yet filled' },
  counter: { zh: '已写 {length} 字（上限 {limit} 字）', en: '{length} characters (at most {limit})' },
  counterOver: {
    zh: '已写 {length} 字，超过 {limit} 字，请删减',
    en: '{length} characters, over {limit}: shorten it',
  },
  tooLong: {
    zh: '序号{no}的{field}有{length}字，超过{limit}字，请删减后再提交。',
    en: 'The {field} of No. {no} has {length} characters, over {limit}: shorten it, then submit.',
  },
  sent: { zh: '已报送：采用 {applied} 处。', en: 'Sent: {applied} taken.' },
  sentWithProblems: {
    zh: '已报送：采用 {applied} 处，{conflicts} 处待办公室裁定，{rejected} 处未采用（见各任务下方）。',
    en: 'Sent: {applied} taken, {conflicts} for the office to settle, {rejected} not taken (see each task).',
  },
  conflictBoth: {
    zh: '{field}与办公室的版本不同，等待办公室裁定，无需重复提交。本单位填的：“{mine}”；台账现值：“{office}”',
    en: '{field} differs from the office\'s version; the office will settle it, no need to send again. Yours: "{mine}"; the ledger: "{office}"',
  },
  answer: { zh: '提交结果', en: 'What happened' },
  answerCounts: {
    zh: '已采用 {applied} 处，冲突 {conflicts} 处，未采用 {rejected} 处。',
    en: '{applied} taken, {conflicts} in conflict, {rejected} not taken.',
  },
  fieldApplied: { zh: '{field}已采用', en: '{field} taken' },
  fieldConflict: {
    zh: '{field}冲突，待办公室裁定（台账现值由{by}填写）',
    en: '{field} in conflict, for the office to settle (the ledger holds what {by} wrote)',
  },
  rejected: { zh: '未采用：{why}', en: 'not taken: {why}' },
  perTask: { zh: '序号{no}：{items}', en: 'No. {no}: {items}' },
  closing: { zh: '销号', en: 'Closing off' },
  closingNote: { zh: '销号说明（可选）', en: 'Note for the office (optional)' },
  requestClosing: { zh: '申请销号', en: 'Request closing off' },
  confirmClosing: { zh: '确认销号申请', en: 'Confirm the request' },
  closingState: { zh: '销号申请：{state}（{by}，{when}）', en: 'Closing request: {state} ({by}, {when})' },
  closingWaiting: { zh: '待确认：{units}', en: 'Waiting for: {units}' },
  closingReturned: { zh: '办公室退回：{reason}', en: 'Returned by the office: {reason}' },
  closingDone: { zh: '已销号（{by}，{when}）', en: 'Closed off ({by}, {when})' },
  closingWhenDone: {
    zh: '本单位的完成状态报为“已完成”并提交后，可在此申请销号（请先在上方上传佐证材料）。',
    en: 'Report the task 已完成 (done) first; then request closing off here (attach evidence above first).',
  },
  closingClosed: { zh: '已由办公室销号。', en: 'Closed off by the office.' },
  closingSent: { zh: '已提交销号申请，等待审核。', en: 'Request sent; the office will review it.' },
  switchTo: { zh: 'English', en: '中文' },
} as const;

export type Word = keyof typeof WORDS;

const LANGUAGE = 'ledger-unit-language';

export const language = (): Language => (localStorage.getItem(LANGUAGE) === 'en' ? 'en' : 'zh');
export const setLanguage = (next: Language) => localStorage.setItem(LANGUAGE, next);

/** A word in the chosen language, with {placeholders} filled in. */
export function t(word: Word, values: Record<string, string | number> = {}): string {
  return WORDS[word][language()].replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** The service's own words (a reason, a warning: Chinese, then English): in Chinese, the Chinese alone. */
export const serviceWords = (text: string): string => (language() === 'en' ? text : chineseOnly(text));

/** Every element marked data-t="word" shows that word; the page's language follows. */
export function translatePage(): void {
  document.documentElement.lang = language() === 'en' ? 'en' : 'zh-CN';
  document.title = t('title');
  for (const node of document.querySelectorAll<HTMLElement>('[data-t]')) node.textContent = t(node.dataset.t as Word);
}
