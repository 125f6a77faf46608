/**
 * The plan as data: finds the attachment's task list in the plan's plain text and turns each
 * task into a row of the familiar table, keeping every character of every field and saying
 * where the text is irregular instead of guessing silently.
 */
import { HEADER, PLAN_LABEL_FIELDS, type PlanField } from './fields.ts';
import { emptyTask, type Task } from './task.ts';
import { toHalfWidth } from './text.ts';

/** Lines a notice leaves in place of text: （正文略）, (略), ……. */
const PLACEHOLDER = /^[（(]?[^（）()]{0,6}略[）)]?$|^[…．.。\s]+$/;

export type IrregularityKind =
  | 'missing-field'
  | 'repeated-label'
  | 'stray-label'
  | 'glued-label'
  | 'continued-line'
  | 'numbering'
  | 'number-style'
  | 'label-spelling'
  | 'count-mismatch'
  | 'no-tasks';

export interface Irregularity {
  kind: IrregularityKind;
  /** The task's 序号, when the irregularity belongs to one. */
  task?: number;
  field?: PlanField;
  /** 1-based line of the plan's text. */
  line: number;
  message: string;
}

export interface ParsedPlan {
  tasks: Task[];
  irregularities: Irregularity[];
  /** The count the plan states for itself (涉及栾川的问题共31个), when it does. */
  statedCount?: number;
  /** The attachment's title lines just above the list, joined. */
  title: string;
  /** The county the plan's heading names (栾川县人民政府 → 栾川县), when it names one. */
  county?: string;
}

/** The words that open each field in a plan's text; letters may be spaced out (责 任 人). */
const PLAN_LABELS: Record<PlanField, string[]> = {
  goal: ['整改目标'],
  measures: ['整改措施'],
  leaders: ['责任领导', '牵头领导'],
  leadUnits: ['牵头单位', '牵头部门'],
  units: ['责任单位', '责任部门'],
  person: ['责任人'],
  deadline: ['整改时限', '完成时限', '整改期限'],
};

/** Fields whose line breaks are layout, joined without a break when a value runs on. */
const LIST_FIELDS: readonly PlanField[] = ['leaders', 'leadUnits', 'units', 'person', 'deadline'];

const labelSource = PLAN_LABEL_FIELDS.flatMap((field) =>
  PLAN_LABELS[field].map((word) => ({ field, pattern: [...word].join('[ \\t\\u3000]*') })),
);
const LABEL = new RegExp(`(${labelSource.map((l) => l.pattern).join('|')})[ \\t\\u3000]*[:：]`, 'g');
const TASK_START = /^[ \t\u3000]*([0-9０-９]{1,3})[ \t\u3000]*([.．、])[ \t\u3000]*(\S.*)$/;

function fieldOfLabel(written: string): PlanField {
  const key = written.replace(/[\s\u3000]/g, '');
  return PLAN_LABEL_FIELDS.find((field) => PLAN_LABELS[field].includes(key))!;
}

interface LabelHit {
  field: PlanField;
  written: string;
  index: number;
  end: number;
}

function labelsIn(line: string): LabelHit[] {
  return [...line.matchAll(LABEL)].map((m) => ({
    field: fieldOfLabel(m[1]!),
    written: m[1]!,
    index: m.index!,
    end: m.index! + m[0].length,
  }));
}

function startsWithLabel(line: string): boolean {
  const hits = labelsIn(line);
  return hits.length > 0 && line.slice(0, hits[0]!.index).trim() === '';
}

interface Candidate {
  line: number;
  no: number;
  separator: string;
  rest: string;
}

/** Number lines that open a task: their block holds labels, and a goal or measures, or the task before is complete. */
function taskStarts(lines: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  lines.forEach((line, i) => {
    const m = TASK_START.exec(line);
    if (m && !startsWithLabel(line))
      candidates.push({ line: i, no: Number(toHalfWidth(m[1]!)), separator: m[2]!, rest: m[3]! });
  });
  const starts: Candidate[] = [];
  let openHasTail = true;
  candidates.forEach((candidate, k) => {
    const blockEnd = k + 1 < candidates.length ? candidates[k + 1]!.line : lines.length;
    const fields = new Set(lines.slice(candidate.line, blockEnd).flatMap((l) => labelsIn(l).map((h) => h.field)));
    if (fields.size === 0) return;
    if (fields.has('goal') || fields.has('measures') || openHasTail) {
      starts.push(candidate);
      openHasTail = fields.has('leaders') || fields.has('deadline');
    } else {
      openHasTail ||= fields.has('leaders') || fields.has('deadline');
    }
  });
  return starts;
}

export function parsePlan(text: string): ParsedPlan {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const irregularities: Irregularity[] = [];
  const starts = taskStarts(lines);
  if (starts.length === 0) {
    irregularities.push({
      kind: 'no-tasks',
      line: 1,
      message: '没有找到整改任务清单：任务应以“1.”“2.”这样的序号开头，并带有“整改目标：”“责任单位：”等标签。',
    });
    return { tasks: [], irregularities, title: '', ...countyOf(lines) };
  }

  const preamble = lines
    .slice(Math.max(0, starts[0]!.line - 12), starts[0]!.line)
    .map((l) => l.trim())
    .filter(Boolean);
  const countLine = [...preamble].reverse().find((l) => /共\s*[0-9０-９]+\s*[个项条]/.test(l));
  const statedCount = countLine ? Number(toHalfWidth(/共\s*([0-9０-９]+)/.exec(countLine)![1]!)) : undefined;
  // The attachment's heading: what follows 附件 when the notice is included, never a placeholder line.
  const attachment = preamble.findLastIndex((l) => /^附\s*件/.test(l));
  const titleLines = preamble
    .slice(attachment + 1)
    .filter((l) => l !== countLine && !PLACEHOLDER.test(l) && !/^附\s*件/.test(l));
  const title = titleLines.slice(-2).join('');

  const spellings = new Map<PlanField, Map<string, number[]>>();
  const separators = new Map<string, number[]>();
  const tasks: Task[] = [];
  const usedIds = new Set<string>();

  starts.forEach((start, k) => {
    const isLast = k === starts.length - 1;
    const end = isLast ? lines.length : starts[k + 1]!.line;
    const no = start.no;
    let id = String(no);
    while (usedIds.has(id)) id += '′';
    usedIds.add(id);
    const task = emptyTask(no, id);
    (separators.get(start.separator) ?? separators.set(start.separator, []).get(start.separator)!).push(no);
    const note = (kind: IrregularityKind, line: number, message: string, field?: PlanField) =>
      irregularities.push({ kind, task: no, line: line + 1, message, ...(field ? { field } : {}) });

    const problem: string[] = [start.rest.trimEnd()];
    const seen = new Set<PlanField>();
    let current: PlanField | undefined;
    let blankBefore = false;

    const open = (hit: LabelHit, value: string, line: number, glued: boolean) => {
      const { field } = hit;
      const spelled = spellings.get(field) ?? spellings.set(field, new Map()).get(field)!;
      (spelled.get(hit.written) ?? spelled.set(hit.written, []).get(hit.written)!).push(no);
      if (seen.has(field)) {
        if (value === '') {
          note(
            'stray-label',
            line,
            `任务${no}：多出一个没有内容的“${hit.written}：”标签${glued ? '，粘在上一个字段末尾' : ''}，已忽略。`,
            field,
          );
          return;
        }
        note(
          'repeated-label',
          line,
          `任务${no}：“${HEADER[field]}”出现了两次，两段内容都保留（以换行分隔），请核对。`,
          field,
        );
        task[field] += `\n${value}`;
      } else {
        if (glued)
          note(
            'glued-label',
            line,
            `任务${no}：“${hit.written}：”粘在上一个字段末尾，已作为${HEADER[field]}读取。`,
            field,
          );
        task[field] = value;
      }
      seen.add(field);
      current = field;
    };

    for (let i = start.line + 1; i < end; i++) {
      const line = lines[i]!;
      if (line.trim() === '') {
        blankBefore = true;
        continue;
      }
      const hits = labelsIn(line);
      const lead = (hits.length > 0 ? line.slice(0, hits[0]!.index) : line).trim();
      if (lead && !current) {
        problem.push(lead);
      } else if (lead && isLast && blankBefore && hits.length === 0) {
        break; // the list is over: what follows is the document's footer
      } else if (lead) {
        const field = current!;
        const joiner = LIST_FIELDS.includes(field) ? '' : '\n';
        task[field] += joiner + lead;
        note(
          'continued-line',
          i,
          `任务${no}：${HEADER[field]}接续到下一行（“${lead.slice(0, 20)}”），已${joiner ? '换行' : '直接'}接上。`,
          field,
        );
      }
      hits.forEach((hit, h) => {
        const valueEnd = h + 1 < hits.length ? hits[h + 1]!.index : line.length;
        open(hit, line.slice(hit.end, valueEnd).trim(), i, h > 0 || lead !== '');
      });
      blankBefore = false;
    }
    task.problem = problem.join('\n');
    for (const field of PLAN_LABEL_FIELDS) {
      if (!seen.has(field)) note('missing-field', start.line, `任务${no}：没有“${HEADER[field]}”，该列留空。`, field);
    }
    tasks.push(task);
  });

  tasks.forEach((task, i) => {
    const expected = i === 0 ? 1 : tasks[i - 1]!.no + 1;
    if (task.no !== expected) {
      const what = tasks.slice(0, i).some((t) => t.no === task.no) ? `与前面的序号${task.no}重复` : `应为${expected}`;
      irregularities.push({
        kind: 'numbering',
        task: task.no,
        line: starts[i]!.line + 1,
        message: `任务序号${task.no}${what}。`,
      });
    }
  });
  const usual = (counts: Map<string, number[]>) =>
    [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0];
  const usualSeparator = usual(separators);
  for (const [separator, nos] of separators) {
    if (separator === usualSeparator) continue;
    for (const no of nos) {
      const i = tasks.findIndex((t) => t.no === no);
      irregularities.push({
        kind: 'number-style',
        task: no,
        line: starts[i]!.line + 1,
        message: `任务${no}：序号后用的是“${separator}”，其他任务用“${usualSeparator}”。`,
      });
    }
  }
  for (const [field, counts] of spellings) {
    const common = usual(counts);
    for (const [written, nos] of counts) {
      if (written === common) continue;
      irregularities.push({
        kind: 'label-spelling',
        ...(nos.length === 1 ? { task: nos[0] } : {}),
        field,
        line: starts[tasks.findIndex((t) => t.no === nos[0])]!.line + 1,
        message: `标签写法不一：“${written}”（任务${nos.join('、')}），其他任务写作“${common}”。`,
      });
    }
  }
  if (statedCount !== undefined && statedCount !== tasks.length) {
    irregularities.push({
      kind: 'count-mismatch',
      line: starts[0]!.line,
      message: `方案说共${statedCount}个问题，实际读到${tasks.length}项任务。`,
    });
  }
  irregularities.sort((a, b) => a.line - b.line);
  return { tasks, irregularities, statedCount, title, ...countyOf(lines.slice(0, starts[0]!.line)) };
}

/** The county a heading line names: 栾川县人民政府, 中共青山县委办公室 → the county. */
function countyOf(lines: string[]): { county?: string } {
  for (const line of lines) {
    const found = /^(?:中共)?([\u4e00-\u9fff]{1,5}?[县区旗])(?:人民政府|委员会|委)/.exec(line.trim());
    if (found) return { county: found[1]! };
  }
  return {};
}
