/** The familiar table: its columns, in the order clerks know them. */

export const FIELDS = [
  'no',
  'problem',
  'goal',
  'measures',
  'leaders',
  'leadUnits',
  'units',
  'person',
  'deadline',
  'progress',
  'status',
  'remarks',
] as const;

export type Field = (typeof FIELDS)[number];

/** The fields a unit fills in during follow-up. */
export const FOLLOW_UP_FIELDS = ['progress', 'status', 'remarks'] as const satisfies readonly Field[];
export type FollowUpField = (typeof FOLLOW_UP_FIELDS)[number];

/** A column a unit fills for itself: 整改进展, 完成状态, 备注. */
export const isFollowUp = (field: Field): boolean => (FOLLOW_UP_FIELDS as readonly Field[]).includes(field);

/**
 * The columns of a unit's copy: the ones it fills right after 反馈问题 and 整改时限, so that they are
 * in view on a 1366-px screen without scrolling. Reading back goes by the headers, not the order.
 */
export const UNIT_SHEET_FIELDS = [
  'no',
  'problem',
  'deadline',
  'progress',
  'status',
  'remarks',
  'goal',
  'measures',
  'leaders',
  'leadUnits',
  'units',
  'person',
] as const satisfies readonly Field[];

/** The header each column carries in the written workbook. */
export const HEADER: Record<Field, string> = {
  no: '序号',
  problem: '反馈问题',
  goal: '整改目标',
  measures: '整改措施',
  leaders: '责任领导',
  leadUnits: '牵头单位',
  units: '责任单位',
  person: '责任人',
  deadline: '整改时限',
  progress: '整改进展',
  status: '完成状态',
  remarks: '备注',
};

/** English names, for technical output and the add-in's English switch. */
export const HEADER_EN: Record<Field, string> = {
  no: 'No.',
  problem: 'Problem',
  goal: 'Goal',
  measures: 'Measures',
  leaders: 'Leaders',
  leadUnits: 'Lead units',
  units: 'Responsible units',
  person: 'Responsible person',
  deadline: 'Deadline',
  progress: 'Progress',
  status: 'Status',
  remarks: 'Remarks',
};

/**
 * Other spellings of each header seen in such tables (after normalizeLabel: no blanks,
 * half-width). The plan's own field labels are among them. The one list every reader uses.
 */
export const HEADER_ALIASES: Record<Field, readonly string[]> = {
  no: ['序号', '编号', '序'],
  problem: ['反馈问题', '问题', '存在问题', '反馈意见', '问题清单', '督察反馈问题'],
  goal: ['整改目标', '目标'],
  measures: ['整改措施', '措施', '具体措施'],
  leaders: ['责任领导', '牵头领导', '分管领导', '责任县领导'],
  leadUnits: ['牵头单位', '牵头部门'],
  units: ['责任单位', '配合单位', '责任部门'],
  person: ['责任人'],
  deadline: ['整改时限', '完成时限', '整改期限', '时限'],
  progress: [
    '整改进展',
    '进展情况',
    '整改进展情况',
    '进展',
    '整改情况',
    '工作进展',
    '整改落实情况',
    '落实情况',
    '整改完成情况',
    '推进情况',
  ],
  status: ['完成状态', '完成情况', '是否完成', '状态', '整改状态', '完成进度'],
  remarks: ['备注', '说明', '情况说明'],
};

/**
 * Dated follow-up headers clerks write each month: 截至10月底整改进展, 截止2019年9月30日进展情况.
 * Matched on the header with the date taken out.
 */
export const DATED_HEADER = /^截[至止].*?(?:月底|月末|日|月)(?:前)?/;

/**
 * Columns the service writes for people, beside the table: never read back as fields.
 * `reason` is the colour's reason; `taskId` the hidden column that identifies each row's task.
 */
export const SYSTEM_HEADERS = { reason: '状态提示', taskId: '任务标识' } as const;

/** The labels that open a field inside a task, in the plan's text. */
export const PLAN_LABEL_FIELDS = [
  'goal',
  'measures',
  'leaders',
  'leadUnits',
  'units',
  'person',
  'deadline',
] as const satisfies readonly Field[];
export type PlanField = (typeof PLAN_LABEL_FIELDS)[number];

/** Long text columns: wide, wrapped, and line breaks inside them are content. */
export const LONG_TEXT_FIELDS: readonly Field[] = ['problem', 'goal', 'measures', 'progress'];
