/**
 * The county: its ledgers (one database each), its roster of units shared by them, and access.
 * A unit sees the ledgers where it has tasks; the office sees them all. Tokens are stored
 * hashed; a unit may hold several (one per device) until the office revokes them.
 */
import { randomUUID } from 'node:crypto';
import { ownsTask } from '../../core/merge.ts';
import { actorName, type Actor } from '../../core/policy.ts';
import { groupMemberKinds, isGroupPhrase, nameKind } from '../../core/names.ts';
import { hiddenIn } from '../../core/limits.ts';
import { createRegistry, rosterClashes, type Registry, type RegistryData, type UnitKind } from '../../core/registry.ts';
import type { RosterRead } from '../../core/roster-table.ts';
import type { Task } from '../../core/task.ts';
import { hashToken, MIN_TOKEN_LENGTH, newToken } from './tokens.ts';
import type { EvidenceStore } from '../store/evidence-store.ts';
import { LedgerError } from '../errors.ts';
import { Ledger } from './ledger.ts';
import { readSettings } from './settings.ts';
import type { CountyStore } from '../store/county-store.ts';
import type { Storage } from '../store/storage.ts';

const REGISTRY = 'registry';
export const EMPTY_REGISTRY: RegistryData = { county: '', units: [], groups: [], leaders: [] };
const EMPTY = createRegistry(EMPTY_REGISTRY);

/** A name a plan brought: an alias of a roster unit (`as` its name) or a new unit (`as` ''). */
export interface UnitDecision {
  written: string;
  as: string;
}

/** A token as the office may see it: never the secret, only what it is for. */
/** A sign-in link or account as the office manages it: whose, issued and revoked by whom and when (never its hash). */
export interface Access {
  id: number;
  kind: 'office' | 'unit';
  /** The unit a unit token signs in as; empty for the office. */
  unit: string;
  person: string;
  label: string;
  issued_at: string;
  issued_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export class County {
  private readonly open = new Map<string, Ledger>();
  readonly store: CountyStore;

  private constructor(
    readonly storage: Storage,
    /** Evidence files, kept once per content for every ledger of the county. */
    readonly evidenceFiles: EvidenceStore,
    public registry: Registry,
  ) {
    this.store = storage.county;
  }

  static async open(storage: Storage, evidenceFiles: EvidenceStore): Promise<County> {
    const county = new County(storage, evidenceFiles, EMPTY);
    await county.refresh();
    return county;
  }

  /**
   * The roster and the list of ledgers as stored now: another service process on the same
   * database may have changed them. One small query when nothing did.
   */
  async refresh(): Promise<void> {
    const mark = await this.store.changeMark();
    if (mark === this.mark) return;
    const saved = (await this.store.meta(REGISTRY)) ?? '';
    if (saved !== this.savedRegistry) {
      this.savedRegistry = saved;
      this.registry = createRegistry(saved ? (JSON.parse(saved) as RegistryData) : EMPTY_REGISTRY);
      // The process that changed the roster gave the ledgers their new units; this one only reads it.
      for (const ledger of this.open.values()) await ledger.useRegistry(this.registry, false);
    }
    for (const entry of await this.store.ledgers())
      if (!this.open.has(entry.id)) this.open.set(entry.id, await this.openLedger(entry.id));
    this.mark = mark;
  }

  /** What the roster and the ledgers' list were when last read (CountyStore.changeMark). */
  private mark?: string;
  private savedRegistry?: string;

  private openLedger(id: string): Promise<Ledger> {
    return Ledger.open(id, this.storage.ledger(id), this.registry, this.evidenceFiles);
  }

  /** An entry in the county's log: who did what. */
  record(actor: string, action: string, detail: string): Promise<void> {
    return this.store.record(actor, action, detail);
  }

  /** The county's log, oldest first. */
  history() {
    return this.store.history();
  }

  async close(): Promise<void> {
    for (const ledger of this.open.values()) await ledger.close();
    await this.storage.close();
  }

  /** Every ledger, in the order they were made. */
  ledgers(): Ledger[] {
    return [...this.open.values()];
  }

  /** The ledgers an actor may open: all for the office, for a unit those where it has tasks. */
  async ledgersFor(actor: Actor): Promise<Ledger[]> {
    if (actor.kind !== 'unit') return this.ledgers();
    const owned = await Promise.all(
      this.ledgers().map(async (l) => (await l.taskRefs()).some((t) => ownsTask(t, actor.unit))),
    );
    return this.ledgers().filter((_, i) => owned[i]);
  }

  ledger(id: string): Ledger | undefined {
    return this.open.get(id);
  }

  /** The first ledger: what the routes without a ledger id serve. */
  get defaultLedger(): Ledger | undefined {
    return this.ledgers()[0];
  }

  /** A new ledger from a plan's tasks: its own database, imported as revision 1. */
  /**
   * A new ledger from a plan, and with it what the plan brings to the roster (rosterForPlan), as
   * one step: the ledger's tasks are written first, then the roster and the ledger's entry in one
   * transaction of the county. A failure leaves the roster as it was and no ledger listed.
   */
  async createLedger(
    plan: { title: string; tasks: Task[]; source: string; id?: string },
    by: Actor,
    roster?: RegistryData,
  ): Promise<Ledger> {
    if (plan.tasks.length === 0)
      throw new LedgerError('not-a-plan', '方案中没有找到任务，台账没有建立。No tasks found; nothing was created.');
    if (roster) refuseClashes(roster);
    const registry = roster ? createRegistry(roster) : this.registry;
    const id = plan.id ?? randomUUID();
    const ledger = await Ledger.open(id, this.storage.ledger(id), registry, this.evidenceFiles);
    await ledger.seed(plan);
    const { title } = ledger;
    const saved = roster && JSON.stringify(roster);
    await this.store.transaction(async () => {
      if (saved) {
        await this.store.setMeta(REGISTRY, saved);
        await this.store.markChanged();
        await this.store.record(
          actorName(by),
          'roster-from-plan',
          `${roster!.units.length}个单位，${roster!.groups.length}个单位组`,
        );
      }
      await this.store.addLedger({ id, title, source: plan.source });
      await this.store.record(
        actorName(by),
        'ledger-created',
        `${title}（${plan.tasks.length}项任务，来自${plan.source}）`,
      );
    });
    if (saved) {
      this.registry = registry;
      this.savedRegistry = saved;
      for (const other of this.ledgers()) await other.useRegistry(registry);
    }
    this.open.set(id, ledger);
    return ledger;
  }

  /**
   * The roster as a plan leaves it: the office's decisions on the names it brought (each an
   * alias of a unit, or a new unit or group, recorded with who and when), its 责任领导 added, and
   * the county named after the plan's heading when it has no name yet. Nothing saved here.
   */
  rosterForPlan(plan: { tasks: Task[]; county?: string }, decisions: UnitDecision[], by: Actor): RegistryData {
    const data = this.withUnits(structuredClone(this.registry.data), decisions, by);
    const known = new Set(data.leaders.map((l) => l.name));
    const fresh = [...new Set(plan.tasks.flatMap((t) => this.registry.splitLeaders(t.leaders)))].filter(
      (n) => !known.has(n),
    );
    data.leaders.push(...fresh.map((name) => ({ name })));
    if (!data.county && plan.county) data.county = plan.county;
    return data;
  }

  /** Registers a ledger database already in place (one moved in from an older layout). */
  async adoptLedger(id: string, source: string): Promise<Ledger> {
    const ledger = await this.openLedger(id);
    await this.store.addLedger({ id, title: ledger.title, source });
    this.open.set(id, ledger);
    return ledger;
  }

  async setRegistry(data: RegistryData, by: Actor, what = 'roster-changed'): Promise<void> {
    refuseClashes(data);
    const saved = JSON.stringify(data);
    await this.store.transaction(async () => {
      await this.store.setMeta(REGISTRY, saved);
      await this.store.markChanged();
      await this.store.record(actorName(by), what, `${data.units.length}个单位，${data.groups.length}个单位组`);
    });
    // Only once it is saved: a failed save leaves every reader on the roster as it was.
    this.registry = createRegistry(data);
    this.savedRegistry = saved;
    for (const ledger of this.ledgers()) await ledger.useRegistry(this.registry);
  }

  /**
   * The office's roster as edited on the dashboard. A group that tasks name cannot disappear
   * unnoticed (its units would leave those tasks): refused with where it is used, unless the
   * office confirmed dropping it.
   */
  async editRoster(data: RegistryData, by: Actor, dropGroups = false): Promise<void> {
    const next = createRegistry(data);
    const dropped = (await this.groupsInUse()).filter((use) => next.resolve(use.written).kind !== 'group');
    if (dropped.length > 0 && !dropGroups)
      throw new LedgerError(
        'group-in-use',
        `名册没有保存：${dropped.map(usedWhere).join('；')}。删去后这些任务就没有这些单位了；确需删除请再确认。` +
          'A group that tasks name would disappear; confirm to drop it.',
      );
    await this.setRegistry(data, by);
  }

  /**
   * The units and groups of a 单位名册 file replace the roster's; leaders, decisions and the county's
   * name stay (a name typed beside the file is taken). A group name tasks use that the file leaves
   * out is kept (as an alias of the file's same group, or with its group), and said: nothing a
   * ledger uses is dropped by a re-import.
   */
  async importRoster(read: RosterRead['data'], by: Actor, countyName = ''): Promise<string[]> {
    const data: RegistryData = {
      ...this.registry.data,
      units: read.units,
      groups: structuredClone(read.groups),
      county: countyName.trim() || this.registry.data.county,
    };
    const notes: string[] = [];
    for (const use of await this.groupsInUse()) {
      if (createRegistry(data).resolve(use.written).kind === 'group') continue;
      const old = this.registry.data.groups.find((g) => g.name === use.group)!;
      const oldNames = [old.name, ...(old.aliases ?? [])];
      const same = data.groups.find((g) => [g.name, ...(g.aliases ?? [])].some((n) => oldNames.includes(n)));
      if (same) same.aliases = [...(same.aliases ?? []), use.written];
      else data.groups.push(structuredClone(old));
      notes.push(`名册文件中没有单位组${usedWhere(use)}：已${same ? `作为“${same.name}”的别称` : ''}保留。`);
    }
    await this.setRegistry(data, by, 'roster-imported');
    return notes;
  }

  /** The group names some ledger's tasks use, each with its group, where it is used first. */
  private async groupsInUse(): Promise<{ written: string; group: string; ledger: string; nos: number[] }[]> {
    const uses: { written: string; group: string; ledger: string; nos: number[] }[] = [];
    for (const ledger of this.ledgers())
      for (const [written, { group, nos }] of await ledger.groupsUsed())
        if (!uses.some((u) => u.written === written)) uses.push({ written, group, ledger: ledger.title, nos });
    return uses;
  }

  /** `data` with the office's decisions on names a plan brought; new units first, so a name may alias another new one. */
  private withUnits(data: RegistryData, decisions: UnitDecision[], by: Actor): RegistryData {
    const at = new Date().toISOString();
    const ordered = [...decisions].sort((a, b) => Number(Boolean(a.as)) - Number(Boolean(b.as)));
    for (const { written, as } of ordered) {
      const name = written.trim();
      if (!name || this.registry.resolve(name).kind !== 'unknown') continue;
      const target = as ? data.units.find((u) => u.name === as || u.aliases?.includes(as)) : undefined;
      if (as && !target)
        throw new LedgerError(
          'unknown-unit',
          `“${as}”不是本县单位名册中的单位，不能把“${name}”作为它的别称。Unknown unit.`,
        );
      const group = !target && isGroupPhrase(name);
      if (target) target.aliases = [...(target.aliases ?? []), name];
      else if (group) data.groups.push({ name, memberKinds: groupMemberKinds(name) });
      else data.units.push({ name, kind: unitKindOf(name) });
      const decision = target
        ? `作为“${target.name}”的别称`
        : group
          ? `作为单位组加入名册（成员：${groupMemberKinds(name).includes('township') ? '全部乡镇' : '全部县直部门'}）`
          : '作为新单位加入名册';
      data.decisions ??= [];
      data.decisions.push({ about: name, decision, why: '导入方案时由办公室确认', by: actorName(by), at });
    }
    return data;
  }

  /**
   * Removed evidence past the retention the office set is purged: its rows marked, and its bytes
   * let go where no file on record (in any of the county's ledgers) has the same content. Said in
   * the county's log.
   */
  async purgeEvidence(now = new Date()): Promise<{ files: number; bytes: number; retentionDays: number }> {
    const { evidenceRetentionDays: retentionDays } = await readSettings(this.store);
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const purged = [];
    for (const ledger of this.ledgers()) purged.push(...(await ledger.evidence.purge(cutoff)));
    const gone = new Map<string, number>();
    for (const e of purged) {
      if (gone.has(e.sha256)) continue;
      let kept = false;
      for (const ledger of this.ledgers()) kept ||= await ledger.evidence.keeps(e.sha256);
      if (kept) continue;
      await this.evidenceFiles.delete(e.sha256);
      gone.set(e.sha256, e.size);
    }
    const bytes = [...gone.values()].reduce((a, b) => a + b, 0);
    if (purged.length > 0)
      await this.store.record(
        '系统',
        'evidence-purged',
        `已清除删除超过${retentionDays}天的佐证材料${purged.length}个，释放${(bytes / 1024 / 1024).toFixed(1)} MB`,
      );
    return { files: purged.length, bytes, retentionDays };
  }

  /** A new county takes its name from its first plan's heading; a named one keeps its own. */
  async nameIfUnnamed(name: string, by: Actor): Promise<void> {
    if (this.registry.data.county) return;
    await this.setRegistry({ ...this.registry.data, county: name }, by, 'county-named');
  }

  /** Canonical name of a unit of the county, for a name or alias. */
  unitNamed(name: string): string | undefined {
    const resolved = this.registry.resolve(name);
    return resolved.kind === 'unit' ? resolved.canonical : undefined;
  }

  /** Who holds this token, if it is live. */
  async actorForToken(token: string): Promise<Actor | undefined> {
    // Looked up by the token's SHA-256: the time taken depends on a hash nobody can steer, not on
    // how much of a guess is right, and one request costs the same with ten tokens or ten thousand.
    const t = await this.store.liveToken(hashToken(token).toString('hex'));
    if (!t) return undefined;
    return t.kind === 'office'
      ? { kind: 'office', ...(t.person ? { person: t.person } : {}) }
      : { kind: 'unit', unit: t.unit };
  }

  wasIssued(token: string): Promise<boolean> {
    return this.store.hasTokenHash(hashToken(token).toString('hex'));
  }

  async hasOfficeAccess(): Promise<boolean> {
    return (await this.store.liveTokens()).some((t) => t.kind === 'office');
  }

  /** The office token set in the service's settings: it replaces the one set before. */
  async setConfiguredOfficeToken(token: string): Promise<void> {
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new LedgerError(
        'bad-request',
        `办公室令牌太短（${token.length}个字符）：至少要${MIN_TOKEN_LENGTH}个字符，建议留空让服务生成。` +
          `The office token must have at least ${MIN_TOKEN_LENGTH} characters.`,
      );
    }
    const hash = hashToken(token).toString('hex');
    await this.store.transaction(async () => {
      if ((await this.store.liveTokens()).some((t) => t.hash === hash)) return;
      const revoked = (await this.store.tokens()).find((t) => t.hash === hash);
      await this.store.revokeTokens({ kind: 'office', person: '' }, '设置');
      if (revoked) {
        // Revoked on the dashboard, configured still: the service's own setting wins at start.
        await this.store.readmitToken(revoked.id);
        await this.store.record('设置', 'office-token-readmitted', '办公室·服务设置');
      } else await this.store.addToken({ hash, kind: 'office', label: '服务设置', by: '设置' });
    });
  }

  /** A new token for a unit (a device); the others stay valid unless `revokeOthers`. */
  async issueUnitAccess(
    unit: string,
    by: Actor,
    options: { revokeOthers?: boolean; label?: string } = {},
  ): Promise<{ id: number; token: string }> {
    const canonical = this.unitNamed(unit);
    if (!canonical)
      throw new LedgerError('unknown-unit', `“${unit}”不是本县单位名册中的单位。Not a unit of the county.`);
    if (options.label) refuseHidden(options.label, '设备名称');
    const token = newToken();
    const id = await this.store.transaction(async () => {
      if (options.revokeOthers) await this.store.revokeTokens({ kind: 'unit', unit: canonical }, actorName(by));
      const id = await this.store.addToken({
        hash: hashToken(token).toString('hex'),
        kind: 'unit',
        unit: canonical,
        label: options.label ?? '',
        by: actorName(by),
      });
      await this.store.record(
        actorName(by),
        'access-issued',
        `${canonical}${options.label ? `（${options.label}）` : ''}${options.revokeOthers ? '，旧令牌作废' : ''}`,
      );
      return id;
    });
    return { id, token };
  }

  /** An account for one of the office's staff, so that the change log says who did what. */
  async issueOfficeAccess(person: string, by: Actor): Promise<{ id: number; token: string }> {
    const name = person.trim();
    if (!name) throw new LedgerError('bad-request', "请写明办公室人员的姓名。Give the person's name.");
    refuseHidden(name, '姓名');
    const token = newToken();
    const id = await this.store.transaction(async () => {
      const id = await this.store.addToken({
        hash: hashToken(token).toString('hex'),
        kind: 'office',
        person: name,
        by: actorName(by),
      });
      await this.store.record(actorName(by), 'office-account-issued', name);
      return id;
    });
    return { id, token };
  }

  async revokeAccess(id: number, by: Actor): Promise<void> {
    const entry = (await this.store.tokens()).find((t) => t.id === id);
    if (!entry) throw new LedgerError('not-found', `没有编号为${id}的令牌。No such token.`);
    const office = (await this.store.liveTokens()).filter((t) => t.kind === 'office');
    if (entry.kind === 'office' && office.length === 1 && office[0]!.id === id)
      throw new LedgerError(
        'last-office-access',
        '这是办公室最后一个有效的令牌：作废后就没有人能登录工作台了。请先为办公室人员开通账号，再作废它。' +
          'The last office access cannot be revoked.',
      );
    await this.store.transaction(async () => {
      await this.store.revokeTokens({ id }, actorName(by));
      await this.store.record(
        actorName(by),
        'access-revoked',
        entry.kind === 'unit' ? entry.unit : `办公室·${entry.person || '服务设置'}`,
      );
    });
  }

  async access(): Promise<Access[]> {
    return (await this.store.tokens()).map(({ hash: _hash, ...rest }) => rest);
  }
}

/** A roster where a name would stand for two entries is refused, with where. */
function refuseClashes(data: RegistryData): void {
  const clashes = rosterClashes(data);
  if (clashes.length > 0)
    throw new LedgerError(
      'roster-clash',
      `单位名册没有保存：${clashes.slice(0, 5).join('；')}${clashes.length > 5 ? `等${clashes.length}处` : ''}。` +
        '一个名称只能指一个单位，名称中不能有看不见的字符：请改正后再保存。' +
        'A name in the roster belongs to two entries, or holds invisible characters.',
    );
}

/** A new unit's kind from its name: a township, a party body (县委…, …部), else a government one. */
function unitKindOf(name: string): UnitKind {
  if (nameKind(name) === 'township') return 'township';
  return /^县委/.test(name) || nameKind(name) === 'department' ? 'party' : 'government';
}

/** A name kept for people to read may not hide characters (a NUL, a bidi control, a zero-width space). */
function refuseHidden(name: string, what: string): void {
  const shown = hiddenIn(name);
  if (shown)
    throw new LedgerError(
      'bad-request',
      `${what}“${shown}”含有看不见或改变文字方向的字符，请删去后再试。The name holds invisible or control characters.`,
    );
}

const usedWhere = (use: { written: string; ledger: string; nos: number[] }) =>
  `“${use.written}”（台账“${use.ledger}”的任务${use.nos.slice(0, 8).join('、')}${use.nos.length > 8 ? '等' : ''}用到它）`;
