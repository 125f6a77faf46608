/** 新建台账: upload the county's plan, look at what was found, decide on new names, create. */
import { answerOf, type PreviewAnswer } from '../../http/client.ts';
import { $, brief, el, message, say } from '../dom.ts';
import { client } from './session.ts';

type Preview = PreviewAnswer;

const STATUS_WORDS = {
  known: '名册中已有',
  alias: '名册中的别称',
  group: '单位组',
  new: '名册中没有',
  'new-group': '名册中没有的单位组',
} as const;

/**
 * The office's decision on each new name: a new unit, or an alias of a unit. A proposal is
 * preselected only with its reason shown; a group phrase becomes a group of the county's units.
 */
function decisionRow(unit: Preview['units'][number], names: string[]) {
  const choice = el('select', {
    'data-written': unit.written,
    'aria-label': `“${unit.written}”作为`,
  }) as HTMLSelectElement;
  if (unit.status === 'new-group') {
    const members = unit.memberKinds.includes('township') ? '本县全部乡镇' : '本县全部县直部门';
    choice.append(el('option', { value: '' }, `作为单位组加入名册（成员：${members}）`));
  } else {
    choice.append(
      el('option', { value: '' }, '作为新单位加入名册'),
      ...names.map((n) => el('option', { value: n }, `作为“${n}”的别称`)),
    );
    const proposal = unit.status === 'new' ? unit.proposal : undefined;
    choice.value = proposal && names.includes(proposal) ? proposal : '';
  }
  const reason = unit.status === 'new' ? unit.reason : undefined;
  const why = reason ? el('p', { class: 'muted' }, `建议：${reason}`) : '';
  return el('tr', {}, el('td', {}, unit.written), el('td', {}, STATUS_WORDS[unit.status]), el('td', {}, choice, why));
}

/** The tasks as the plan gives them, each with what is irregular about it beside it. */
function tasksTable(preview: Preview) {
  return el(
    'table',
    { id: 'new-ledger-tasks' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['序号', '反馈问题', '牵头单位', '责任单位', '整改时限', '不规范之处'].map((h) => el('th', {}, h)),
      ),
    ),
    el(
      'tbody',
      {},
      ...preview.tasks.map((task) =>
        el(
          'tr',
          { 'data-task': String(task.no) },
          el('td', {}, task.no),
          el('td', {}, brief(task.problem, 30)),
          el('td', {}, task.leadUnits || '—'),
          el('td', {}, brief(task.units, 40)),
          el('td', {}, task.deadline || '—'),
          el(
            'td',
            { class: 'error' },
            preview.irregularities
              .filter((i) => i.task === task.no)
              .map((i) => `${i.where}：${i.message}`)
              .join('\n'),
          ),
        ),
      ),
    ),
  );
}

function showPreview(preview: Preview, roster: string[]) {
  const news = preview.units.filter((u) => u.status === 'new');
  // A new name may also be an alias of another new name of the same plan.
  const names = [...roster, ...news.map((u) => u.written)];
  $('#new-ledger-title').setAttribute('value', preview.title);
  ($('#new-ledger-title') as HTMLInputElement).value = preview.title;
  $('#new-ledger-preview').replaceChildren(
    el(
      'p',
      {},
      `${preview.format}：找到 ${preview.tasks.length} 项任务；不规范之处 ${preview.irregularities.length} 处；名册中没有的单位名称 ${news.length} 个。`,
    ),
    ...(preview.blocking.length ? [el('p', { class: 'error' }, `不能建立台账：${preview.blocking.join('；')}`)] : []),
    el(
      'ul',
      { class: 'irregularities' },
      ...preview.irregularities
        .filter((i) => i.task === undefined)
        .map((i) => el('li', {}, `${i.where}：${i.message}`)),
    ),
    tasksTable(preview),
    el(
      'table',
      { id: 'new-ledger-units' },
      el('thead', {}, el('tr', {}, el('th', {}, '方案中的写法'), el('th', {}, '名册'), el('th', {}, '处理'))),
      el(
        'tbody',
        {},
        ...preview.units.map((u) =>
          u.status === 'new' || u.status === 'new-group'
            ? decisionRow(
                u,
                names.filter((n) => n !== u.written),
              )
            : el(
                'tr',
                {},
                el('td', {}, u.written),
                el('td', {}, STATUS_WORDS[u.status]),
                el('td', {}, u.status === 'group' ? `${u.canonical}（${u.members}个单位）` : (u.canonical ?? '')),
              ),
        ),
      ),
    ),
  );
  $<HTMLButtonElement>('#new-ledger-create').disabled = preview.blocking.length > 0;
  $('#new-ledger-confirm').hidden = false;
}

function planForm() {
  const file = $<HTMLInputElement>('#new-ledger-file').files?.[0];
  if (!file) throw new Error('请先选择方案文件（.docx、.txt 或 .xlsx）。');
  return file;
}

export function setUpNewLedger(created: (id: string) => void) {
  const box = $('#new-ledger-message');
  $('#new-ledger-open').addEventListener('click', async () => {
    $('#new-ledger').hidden = !$('#new-ledger').hidden;
    if ($('#new-ledger').hidden) return;
    // Roster first: a county without one is told so before it reads a plan.
    const roster = await answerOf(client().roster.$get()).catch(() => undefined);
    $('#new-ledger-roster-first').hidden = !roster || roster.units.length > 0;
  });
  $('#new-ledger-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    say(box, '正在读取方案…', 'ok');
    try {
      const file = planForm();
      const [preview, roster] = await Promise.all([
        answerOf(client().ledgers.preview.$post({ form: { file } })),
        answerOf(client().roster.$get()),
      ]);
      say(box, '');
      showPreview(
        preview,
        roster.units.map((u) => u.name),
      );
    } catch (error) {
      say(box, `读取失败：${message(error)}`);
    }
  });
  $('#new-ledger-create').addEventListener('click', async () => {
    try {
      const decisions = [...document.querySelectorAll<HTMLSelectElement>('#new-ledger-units select')].map((s) => ({
        written: s.dataset.written!,
        as: s.value,
      }));
      const title = $<HTMLInputElement>('#new-ledger-title').value.trim();
      const ledger = await answerOf(
        client().ledgers.$post({ form: { file: planForm(), title, units: JSON.stringify(decisions) } }),
      );
      say(box, `已建立台账“${ledger.title}”，共 ${ledger.tasks} 项任务。`, 'ok');
      $('#new-ledger-confirm').hidden = true;
      $('#new-ledger-preview').replaceChildren();
      created(ledger.id);
    } catch (error) {
      say(box, `建立失败：${message(error)}`);
    }
  });
}
