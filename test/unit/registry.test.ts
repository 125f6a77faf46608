import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../core/plan.ts';
import { rosterClashes } from '../../core/registry.ts';
import { seedPlanText, seedRegistry, seedRegistryData } from '../helpers/seed.ts';

describe('the unit registry', () => {
  const registry = seedRegistry();

  it('knows one unit under each of its names', () => {
    for (const name of ['环保局', '县环保局', '县环境保护局']) {
      expect(registry.resolve(name)).toMatchObject({ kind: 'unit', canonical: '县环境保护局' });
    }
    for (const name of ['县住建局', '县住房城乡建设局', '县住房和城乡建设局']) {
      expect(registry.resolve(name)).toMatchObject({ kind: 'unit', canonical: '县住房和城乡建设局' });
    }
    expect(registry.resolve('县环境保护局')).toMatchObject({ viaAlias: false });
    expect(registry.resolve('环保局')).toMatchObject({ viaAlias: true });
    expect(registry.resolve('县环境污染防治攻坚战领导小组办公室')).toMatchObject({
      canonical: '县污染防治攻坚战领导小组办公室',
    });
  });

  it('expands groups to their members', () => {
    const towns = registry.expand('各乡镇人民政府');
    expect(towns).toHaveLength(14);
    expect(towns).toContain('栾川乡');
    expect(towns).not.toContain('重渡沟管委会');
    expect(registry.expand('各乡（镇）人民政府')).toEqual(towns);
    expect(registry.expand('县委相关部委')).toEqual(['县委办公室', '县纪委监委', '县委组织部', '县委宣传部']);
  });

  it('splits a units field without breaking group names', () => {
    expect(
      registry.splitUnits('县委宣传部、县委组织部、县纪委监委，县环保局、自然资源局等相关委局，各乡镇党委、政府'),
    ).toEqual(['县委宣传部', '县委组织部', '县纪委监委', '县环保局', '自然资源局', '相关委局', '各乡镇党委、政府']);
    expect(registry.splitUnits('县委办  政府办')).toEqual(['县委办', '政府办']);
  });

  it('resolves every unit and group the seeded plan names', () => {
    const plan = parsePlan(seedPlanText());
    const unknown = plan.tasks.flatMap((t) =>
      [...registry.splitUnits(t.leadUnits), ...registry.splitUnits(t.units)].filter(
        (n) => registry.resolve(n).kind === 'unknown',
      ),
    );
    expect(unknown).toEqual([]);
    const leaders = plan.tasks.flatMap((t) => registry.splitLeaders(t.leaders)).filter((n) => !registry.isLeader(n));
    expect(leaders).toEqual([]);
  });

  it('suggests the closest known name for an unknown one', () => {
    expect(registry.resolve('县环境保护厅')).toMatchObject({ kind: 'unknown', suggestion: '县环境保护局' });
    expect(registry.resolve('县气象局')).toMatchObject({ kind: 'unknown' });
  });

  it('records its decisions with their reasons', () => {
    const decisions = seedRegistryData().decisions!;
    expect(decisions.some((d) => d.about.includes('县环境污染防治攻坚战领导小组办公室') && d.why.length > 0)).toBe(
      true,
    );
    expect(decisions.some((d) => d.about.includes('重渡沟管委会'))).toBe(true);
  });
});

describe('a roster where every name leads to one place', () => {
  it("finds none in the seed county's roster", () => {
    expect(rosterClashes(seedRegistryData())).toEqual([]);
  });

  it("names both entries when an alias is another unit's name, and a unit listed twice", () => {
    const data = seedRegistryData();
    const office = data.units.find((u) => u.name === '县委办公室')!;
    office.aliases = [...(office.aliases ?? []), '县纪委监委'];
    data.units.push({ name: '县水利局', kind: 'government' });
    const clashes = rosterClashes(data);
    expect(clashes).toHaveLength(2);
    expect(clashes.join('\n')).toContain('“县纪委监委”既是“县委办公室”的别称，又是“县纪委监委”的名称');
    expect(clashes.join('\n')).toContain('“县水利局”在名册中写了两次');
  });
});
