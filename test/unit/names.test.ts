import { describe, expect, it } from 'vitest';
import { isGroupPhrase, nameKind, proposeName } from '../../core/names.ts';
import { createRegistry } from '../../core/registry.ts';
import { seedRegistryData } from '../helpers/seed.ts';

const ROSTER = [
  '县委办公室',
  '县政府办公室',
  '县委宣传部',
  '县委组织部',
  '县环境保护局',
  '县住房和城乡建设局',
  '县发展和改革委员会',
  '县人力资源和社会保障局',
  '县市场监督管理局',
  '县城市管理局',
  '县交通运输局',
  '县水利局',
  '县水务局',
  '县污染防治攻坚战领导小组办公室',
  '县科技和工业信息化局',
  '城关镇',
];

describe('proposals for a name new to the roster', () => {
  it.each([
    ['县委办', '县委办公室'],
    ['政府办', '县政府办公室'],
    ['县政府办', '县政府办公室'],
    ['环保局', '县环境保护局'],
    ['县环保局', '县环境保护局'],
    ['住建局', '县住房和城乡建设局'],
    ['县住房城乡建设局', '县住房和城乡建设局'],
    ['发改委', '县发展和改革委员会'],
    ['人社局', '县人力资源和社会保障局'],
    ['市场监管局', '县市场监督管理局'],
    ['城管局', '县城市管理局'],
    ['交通局', '县交通运输局'],
    ['攻坚办', '县污染防治攻坚战领导小组办公室'],
    ['科工信局', '县科技和工业信息化局'],
    ['水利局', '县水利局'],
  ])('proposes “%s” as “%s”, saying why', (written, expected) => {
    const proposal = proposeName(written, ROSTER);
    expect(proposal?.name).toBe(expected);
    expect(proposal?.reason).toContain(written);
  });

  it.each([
    ['县委办', '县委宣传部'],
    ['政府办', '各乡镇人民政府'],
    ['政府', '县政府办公室'],
    ['县水务局', '县水利局'],
    ['县委统战部', '县委组织部'],
  ])('never proposes “%s” as “%s”: another kind, a group, or not close enough', (written, wrong) => {
    expect(proposeName(written, [...ROSTER, '各乡镇人民政府'])?.name).not.toBe(wrong);
  });

  it('proposes nothing when unsure: the default is a new unit', () => {
    expect(proposeName('县档案馆', ROSTER)).toBeUndefined();
    expect(proposeName('各乡镇人民政府', ROSTER)).toBeUndefined();
  });

  it('takes a near spelling only within the same kind of unit', () => {
    expect(proposeName('县环境保讠局', ROSTER)?.reason).toContain('只差一个字');
    expect(nameKind('县委办公室')).toBe('office');
    expect(nameKind('县委宣传部')).toBe('department');
  });
});

describe('group phrases', () => {
  it.each(['各乡镇人民政府', '相关乡镇人民政府', '各乡镇党委、政府', '县直有关部门', '相关委局', '县政府相关部门'])(
    'knows “%s” is a group, never one unit',
    (name) => expect(isGroupPhrase(name)).toBe(true),
  );

  it('keeps 各乡镇党委、政府 whole when splitting a field, even before the roster has it', () => {
    const empty = createRegistry({ county: '新县', units: [], groups: [], leaders: [] });
    expect(empty.splitUnits('县委办、各乡镇党委、政府')).toEqual(['县委办', '各乡镇党委、政府']);
    expect(createRegistry(seedRegistryData()).splitUnits('各乡镇党委、政府，县水利局')).toEqual([
      '各乡镇党委、政府',
      '县水利局',
    ]);
  });
});
