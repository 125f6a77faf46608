/** 完成情况 in the dashboard: the 督办 colours of every task, each unit's own reports by status, and the overdue tasks. */
import { COLOUR_STYLE, COLOURS, colourOf } from '../../../core/colour.ts';
import { brief } from '../../../core/report.ts';
import type { TasksAnswer } from '../../http/client.ts';
import { $, el } from '../dom.ts';
import { COLOUR_CHART, STATUS_CHART } from './palette.ts';

type Task = TasksAnswer['tasks'][number];

function bar(label: string, parts: [string, number, string][], total: number, shown = total) {
  const track = el('div', { class: 'track' });
  for (const [name, n, colour] of parts)
    if (n > 0)
      track.append(
        el('span', { title: `${name}：${n}`, style: { width: `${(100 * n) / total}%`, background: `#${colour}` } }),
      );
  return el(
    'div',
    { class: 'bar-row', 'data-label': label },
    el('span', {}, label),
    track,
    el('span', { class: 'count' }, shown),
  );
}

/** Every task by its 督办 colour on the judging date; each bar counts its own tasks. */
function colourChart(tasks: Task[], today: string) {
  const counts = new Map<string, number>();
  for (const t of tasks) {
    const colour = colourOf(t, today).colour;
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  $('#chart-colour').replaceChildren(
    ...COLOURS.map((c) => {
      const n = counts.get(c) ?? 0;
      const label = COLOUR_STYLE[c].label.split('：')[1] ?? c;
      return bar(label, [[label, n, COLOUR_CHART[c]]], Math.max(1, tasks.length), n);
    }),
  );
}

/** Each unit's own status on the tasks it leads or shares: responsible units' reports count too. */
function unitChart(tasks: Task[]) {
  const byUnit = new Map<string, Map<string, number>>();
  for (const t of tasks) {
    for (const [unit, values] of Object.entries(t.byUnit)) {
      const label = (STATUS_CHART.find((s) => s.statuses.includes(values.status)) ?? STATUS_CHART[4]!).label;
      const counts = byUnit.get(unit) ?? byUnit.set(unit, new Map()).get(unit)!;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  $('#chart-units').replaceChildren(
    ...[...byUnit].map(([unit, counts]) => {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      return bar(
        unit,
        STATUS_CHART.map(({ label, colour }) => [label, counts.get(label) ?? 0, colour]),
        total,
      );
    }),
  );
  $('#legend').replaceChildren(
    ...STATUS_CHART.map(({ label, colour }) => el('li', {}, el('i', { style: { background: `#${colour}` } }), label)),
  );
}

function overdueTable(tasks: Task[], today: string) {
  const overdue = tasks.flatMap((t) => {
    const c = colourOf(t, today);
    return c.colour === 'overdue' ? [{ t, reason: c.reason }] : [];
  });
  $('#overdue-title').textContent = `逾期任务（${overdue.length}项，按${today}判定）`;
  $('#overdue tbody').replaceChildren(
    ...overdue.map(({ t, reason }) =>
      el(
        'tr',
        { 'data-task': String(t.no) },
        el('td', {}, t.no),
        el('td', {}, brief(t.problem, 50)),
        el('td', {}, (t.leadUnitNames.length ? t.leadUnitNames : t.responsibleUnitNames).join('、')),
        el('td', {}, reason),
      ),
    ),
  );
  return overdue.length;
}

/** Draws the charts; answers how many tasks are overdue. */
export function renderCharts(tasks: Task[], today: string): number {
  colourChart(tasks, today);
  unitChart(tasks);
  return overdueTable(tasks, today);
}
