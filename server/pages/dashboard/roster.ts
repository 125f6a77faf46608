/** 单位名册: the county's units with their aliases and kinds, the groups and their members, the leaders. */
import type { RegistryData, UnitKind } from '../../../core/registry.ts';
import { KIND_WORDS } from '../../../core/roster-table.ts';
import { answerOf, ServiceError } from '../../http/client.ts';
import { $, el, message, say } from '../dom.ts';
import { save } from './files.ts';
import { client } from './session.ts';

/** The kinds in the county's words, the same as the 名册模板's list. */
const KINDS = KIND_WORDS;
const split = (text: string) =>
  text
    .split(/[\n、，,;；]+/)
    .map((t) => t.trim())
    .filter(Boolean);

let loaded: RegistryData | undefined;

function kindSelect(kind: UnitKind) {
  const select = el(
    'select',
    { class: 'kind', 'aria-label': '类别' },
    ...Object.entries(KINDS).map(([k, word]) => el('option', { value: k }, word)),
  ) as HTMLSelectElement;
  select.value = kind;
  return select;
}

function unitRow(unit: { name: string; aliases?: string[]; kind: UnitKind }) {
  return el(
    'tr',
    { class: 'unit' },
    el('td', {}, el('input', { class: 'name', value: unit.name, 'aria-label': '单位名称' })),
    el('td', {}, kindSelect(unit.kind)),
    el(
      'td',
      {},
      el('input', { class: 'aliases', value: (unit.aliases ?? []).join('、'), 'aria-label': '别称（用顿号分隔）' }),
    ),
    el('td', {}, removeButton(unit.name)),
  );
}

/** 删除 a row: gone from the roster when it is saved. */
function removeButton(name: string) {
  return el(
    'button',
    {
      type: 'button',
      class: 'remove',
      'aria-label': `删除${name}`,
      onclick: (event) => (event.target as HTMLElement).closest('tr')?.remove(),
    },
    '删除',
  );
}

function groupRow(group: RegistryData['groups'][number]) {
  const kinds = el(
    'span',
    {},
    ...Object.entries(KINDS).map(([k, word]) =>
      el(
        'label',
        { class: 'check' },
        el('input', {
          type: 'checkbox',
          value: k,
          ...(group.memberKinds?.includes(k as UnitKind) ? { checked: '' } : {}),
        }),
        word,
      ),
    ),
  );
  return el(
    'tr',
    { class: 'group' },
    el('td', {}, el('input', { class: 'name', value: group.name, 'aria-label': '单位组名称' })),
    el('td', {}, el('input', { class: 'aliases', value: (group.aliases ?? []).join('、'), 'aria-label': '别称' })),
    el(
      'td',
      {},
      kinds,
      el(
        'textarea',
        { class: 'members', rows: '2', 'aria-label': '另外列出的成员单位' },
        (group.members ?? []).join('、'),
      ),
    ),
    el('td', {}, removeButton(group.name)),
  );
}

function show(data: RegistryData) {
  loaded = data;
  ($('#roster-county') as HTMLInputElement).value = data.county;
  $('#roster-units tbody').replaceChildren(...data.units.map(unitRow));
  $('#roster-groups tbody').replaceChildren(...data.groups.map(groupRow));
  ($('#roster-leaders') as HTMLTextAreaElement).value = data.leaders
    .map((l) => (l.phone ? `${l.name} ${l.phone}` : l.name))
    .join('、');
}

/** The roster as the office left it on the page. */
function edited(): RegistryData {
  const units = [...document.querySelectorAll<HTMLElement>('#roster-units tr.unit')].flatMap((row) => {
    const name = row.querySelector<HTMLInputElement>('.name')!.value.trim();
    if (!name) return [];
    const aliases = split(row.querySelector<HTMLInputElement>('.aliases')!.value);
    return [
      {
        name,
        kind: row.querySelector<HTMLSelectElement>('.kind')!.value as UnitKind,
        ...(aliases.length ? { aliases } : {}),
      },
    ];
  });
  const groups = [...document.querySelectorAll<HTMLElement>('#roster-groups tr.group')].flatMap((row) => {
    const name = row.querySelector<HTMLInputElement>('.name')!.value.trim();
    if (!name) return [];
    const memberKinds = [...row.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map(
      (c) => c.value as UnitKind,
    );
    const aliases = split(row.querySelector<HTMLInputElement>('.aliases')!.value);
    const members = split(row.querySelector<HTMLTextAreaElement>('.members')!.value);
    return [
      {
        name,
        ...(aliases.length ? { aliases } : {}),
        ...(memberKinds.length ? { memberKinds } : {}),
        ...(members.length ? { members } : {}),
      },
    ];
  });
  // 宋晓庆 13800000000: a leader's mobile after the name, for the 预警 digest's @.
  const leaders = split(($('#roster-leaders') as HTMLTextAreaElement).value).map((entry) => {
    const [name = '', phone] = entry.trim().split(/\s+/);
    const { phone: _old, ...kept } = loaded?.leaders.find((l) => l.name === name) ?? { name };
    return { ...kept, name, ...(phone ? { phone } : {}) };
  });
  return { ...loaded, county: ($('#roster-county') as HTMLInputElement).value.trim(), units, groups, leaders };
}

export function setUpRoster() {
  const box = $('#roster-message');
  $('#roster-open').addEventListener('click', async () => {
    $('#roster').hidden = !$('#roster').hidden;
    if ($('#roster').hidden) return;
    try {
      show(await answerOf(client().roster.$get()));
    } catch (error) {
      say(box, message(error));
    }
  });
  $('#roster-template').addEventListener(
    'click',
    () =>
      void save(client().roster['template.xlsx'].$get(), '单位名册模板.xlsx').catch((error) =>
        say(box, message(error)),
      ),
  );
  $('#roster-file-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $<HTMLInputElement>('#roster-file').files?.[0];
    if (!file) return say(box, '请先选择名册文件（.xlsx 或 .csv）。');
    try {
      const county = ($('#roster-county') as HTMLInputElement).value.trim();
      const { roster, problems } = await answerOf(client().roster.file.$post({ form: { file, county } }));
      show(roster);
      say(
        box,
        [`已导入 ${roster.units.length} 个单位、${roster.groups.length} 个单位组。`, ...problems].join(''),
        'ok',
      );
    } catch (error) {
      say(box, `导入失败：${message(error)}`);
    }
  });
  $('#roster-add-unit').addEventListener('click', () =>
    $('#roster-units tbody').append(unitRow({ name: '', kind: 'government' })),
  );
  $('#roster-add-group').addEventListener('click', () =>
    $('#roster-groups tbody').append(groupRow({ name: '', memberKinds: ['township'] })),
  );
  $('#roster-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const put = (dropGroups: boolean) =>
      answerOf(client().roster.$put({ json: edited(), query: dropGroups ? { dropGroups: '1' } : {} }));
    try {
      show(
        await put(false).catch(async (error) => {
          // A group that tasks name is about to go: the office says so twice.
          if (!(error instanceof ServiceError && error.status === 409 && confirm(message(error)))) throw error;
          return put(true);
        }),
      );
      say(box, '名册已保存，各台账按新名册统计。', 'ok');
    } catch (error) {
      say(box, `保存失败：${message(error)}`);
    }
  });
}
