/** The pane's words, Chinese first, English on the switch. Messages from the rules and the service are Chinese with English alongside. */
export type Language = 'zh' | 'en';

export const WORDS = {
  title: { zh: '整改台账', en: 'Rectification ledger' },
  runsIn: { zh: '运行于：', en: 'Running in ' },
  validate: { zh: '校验', en: 'Validate' },
  clear: { zh: '清除标记', en: 'Clear marks' },
  newLedger: { zh: '新建台账', en: 'New ledger' },
  sync: { zh: '同步', en: 'Sync' },
  pull: { zh: '拉取本单位报表', en: 'Pull my sheet' },
  submit: { zh: '提交', en: 'Submit' },
  settings: { zh: '同步设置', en: 'Sync settings' },
  token: { zh: '登录链接或令牌', en: 'Sign-in link or token' },
  noIdentity: {
    zh: '还没有登录：请在下方“同步设置”中粘贴办公室发来的登录链接。',
    en: 'Not signed in: paste the sign-in link in 同步设置 below.',
  },
  office: { zh: '办公室', en: 'The office' },
  deadlineIs: { zh: '本轮截止 ', en: 'due ' },
  save: { zh: '保存', en: 'Save' },
  judgedOn: { zh: '判定日期', en: 'Judging date' },
  live: { zh: '编辑后自动复查', en: 'Re-check after edits' },
  legend: { zh: '颜色说明', en: 'Colours' },
  findings: { zh: '校验结果', en: 'Findings' },
  error: { zh: '错误', en: 'Errors' },
  warning: { zh: '警告', en: 'Warnings' },
  info: { zh: '提示', en: 'Notes' },
  applied: { zh: '已采用', en: 'Taken' },
  conflicts: { zh: '待办公室裁定', en: 'For the office to settle' },
  rejected: { zh: '未采用', en: 'Rejected' },
  none: { zh: '无', en: 'None' },
  working: { zh: '正在处理…', en: 'Working…' },
  clean: { zh: '没有发现问题。', en: 'No problems found.' },
  cleared: { zh: '已清除本加载项所做的全部标记。', en: 'All marks removed.' },
  nothingToClear: { zh: '这张工作表上没有本加载项的标记。', en: 'No marks on this sheet.' },
  settingsSaved: { zh: '设置已保存。', en: 'Settings saved.' },
  unsentEdits: {
    zh: '工作表“{sheet}”中有尚未提交的填报内容，重新拉取会用服务上的内容替换它们。仍然拉取吗？（建议先提交）',
    en: 'Sheet "{sheet}" has edits not yet submitted; pulling again replaces them. Pull anyway? (Submitting first is safer.)',
  },
  pullCancelled: { zh: '已取消拉取，工作表保持不变。', en: 'Pull cancelled; the sheet is unchanged.' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  evidenceHelp: {
    zh: '在表中选中任务所在的行，再选择文件（图片、PDF、Word、Excel，每个不超过 20 MB）。',
    en: "Select a cell on the task's row, then pick the files (pictures, PDF, Word, Excel; 20 MB each at most).",
  },
  attach: { zh: '为所选任务上传', en: 'Attach to the selected task' },
  attached: { zh: '已为序号{no}上传：{names}', en: 'Attached to No. {no}: {names}' },
  noNotes: {
    zh: '这个版本的 Excel 不支持批注：校验时单元格仍会标色，原因列在下方“校验结果”中。',
    en: 'This Excel has no notes: cells are still coloured, and the reasons are listed under Findings.',
  },
  submitErrors: { zh: '这张表还有 {n} 个错误（已在表中标出）。', en: 'The sheet still has {n} errors (marked on it).' },
  submitLocked: {
    zh: '这些单元格改动了只能由办公室修改的内容，提交时不会被采用：{cells}。',
    en: 'These cells change what only the office changes and will not be taken: {cells}.',
  },
  submitAnyway: { zh: '仍然提交吗？', en: 'Submit anyway?' },
  submitYes: { zh: '仍然提交', en: 'Submit anyway' },
  sending: {
    zh: '正在提交 {n} 行，请稍候（已发出，不能取消）…',
    en: 'Submitting {n} rows (sent; this cannot be cancelled)…',
  },
  submitCancelled: { zh: '已取消提交，可修改后再提交。', en: 'Not submitted; fix the sheet and submit again.' },
  showAll: { zh: '再显示 {n} 条', en: 'Show {n} more' },
  cancel: { zh: '取消', en: 'Cancel' },
  fill: { zh: '在表中填写黄色的三列', en: 'Fill the three yellow columns' },
  more: { zh: '更多', en: 'More' },
  cancelled: {
    zh: '已取消：工作表保持取消时的样子，可以再次校验。',
    en: 'Cancelled; the sheet is as it was when stopped.',
  },
  yes: { zh: '仍然拉取', en: 'Pull anyway' },
  supervision: { zh: '督办单', en: 'Supervision notices (督办单)' },
  demand: { zh: '督办要求：', en: 'Demanded: ' },
  returned: { zh: '办公室退回：', en: 'Returned by the office: ' },
  noticeDue: { zh: '请于 {sign} 前签收，{reply} 前回复。', en: 'Sign for it by {sign}, answer by {reply}.' },
  sign: { zh: '签收', en: 'Sign for it' },
  reply: { zh: '回复', en: 'Answer' },
  replyHelp: {
    zh: '办理情况（佐证材料请在下方为该任务上传）',
    en: 'What was done (attach evidence to the task below)',
  },
  signed: { zh: '已签收“{title}”。', en: 'Signed for {title}.' },
  replied: { zh: '已回复“{title}”，等待办公室办结。', en: 'Answered {title}; the office closes it.' },
} as const;

export type Word = keyof typeof WORDS;

export const say = (word: Word, language: Language) => WORDS[word][language];

/** A bilingual message (中文。English.) without its English tail: what a Chinese reader needs. */
export function chineseOnly(text: string): string {
  return text.replace(/([。！？）])\s*[A-Za-z][^\u4e00-\u9fff]*$/u, '$1');
}
