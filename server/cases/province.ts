/**
 * A city's or province's supervision office (市/省督察办): it reads every ledger of the counties
 * it oversees, and writes nothing. Its connections run as the role ledger_reader, which may only
 * read, one county at a time: each county's rows stay behind row-level security as they do for
 * the county's own office.
 */
import { colourOf } from '../../core/colour.ts';
import type { IsoDate } from '../../core/deadline.ts';
import { type CountyRates, rankCounties } from '../../core/county-ranking.ts';
import { owes, type RoundState } from '../../core/round.ts';
import { countyDate } from '../../core/zone.ts';
import { LedgerError } from '../errors.ts';
import type { EvidenceStore } from '../store/evidence-store.ts';
import { openPool } from '../store/postgres-connect.ts';
import { PgStorage } from '../store/postgres-storage.ts';
import { County } from './county.ts';
import type { RoundInfo } from './ledger.ts';
import { SupervisionDesk } from './supervision.ts';

/** A county as the office above reads it: counts, rates, its latest round and who it waits for. */
export interface CountyRollUp {
  /** The county's id in the shared database (LEDGER_COUNTY): names may coincide, ids do not. */
  county: string;
  /** Its name, as its roster gives it (白河县). */
  name: string;
  ledgers: number;
  tasks: number;
  overdue: number;
  /** Tasks closed off (已销号). */
  closedOff: number;
  /** The latest round's period and deadline; whether none was opened this month. */
  round: string | null;
  deadline: string | null;
  noRoundThisMonth: boolean;
  /** Units owing the latest round, those that reported, on time, and by name those late and not yet. */
  units: number;
  reported: number;
  onTime: number;
  lateUnits: string[];
  missingUnits: string[];
  /** 销号 waiting (待确认 / 待审核) and returned. */
  pendingClosures: number;
  returnedClosures: number;
  /** 督办单 not closed, and those not signed or answered in time. */
  openSupervisions: number;
  lateSupervisions: number;
  /** Since the last closed round (its period; null before one closed). */
  change: { since: string | null; newlyOverdue: number; newlyClosed: number };
}

export interface CountyTask {
  ledger: string;
  no: number;
  problem: string;
  leadUnits: string;
  deadline: string;
  progress: string;
  status: string;
  overdue: boolean;
}

export type RankedCounty = CountyRollUp & CountyRates & { score: number; rank: number; tasksList: CountyTask[] };

export interface ProvinceState {
  /** The supervision office's name (LEDGER_PROVINCE_NAME), e.g. 某某市督察办. */
  name: string;
  judgedOn: string;
  counties: RankedCounty[];
}

/** Counties read at once: each waits on the database most of its time, so several share the pool. */
const READERS_AT_ONCE = 8;

/** `work` on every item, at most `limit` at a time; the answers in the items' order. */
async function eachAtOnce<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      answers[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return answers;
}

export class Province {
  /** Each county's last roll-up, with what its database held when it was made. */
  private readonly rolledUp = new Map<string, { mark: string; rollUp: CountyRollUp & { tasksList: CountyTask[] } }>();

  private constructor(
    readonly name: string,
    private readonly counties: { id: string; county: County }[],
    private readonly close: () => Promise<void>,
  ) {}

  /**
   * The counties `ids` of the database at `url`, read-only. A county the database does not hold
   * (a mistyped LEDGER_OVERSEES) is refused, not shown as a county with nothing in it.
   */
  static async open(url: string, ids: string[], name: string, evidence: EvidenceStore): Promise<Province> {
    const pool = openPool(url);
    const counties = [];
    try {
      for (const id of ids) {
        const county = await County.open(PgStorage.reading(pool, id), evidence);
        counties.push({ id, county });
        if (county.ledgers().length === 0 && !(await county.store.meta('registry')))
          throw new LedgerError(
            'bad-request',
            `数据库中没有编号为“${id}”的县（区），请检查 LEDGER_OVERSEES。No county ${id} in the database.`,
          );
      }
    } catch (error) {
      for (const { county } of counties) await county.close();
      await pool.end();
      throw error;
    }
    return new Province(name, counties, () => pool.end());
  }

  /** How many counties it oversees. */
  get size(): number {
    return this.counties.length;
  }

  /** Every county's figures, rates, rank and tasks, judged on `today`. */
  async state(today: IsoDate): Promise<ProvinceState> {
    const counties = await eachAtOnce(this.counties, READERS_AT_ONCE, async ({ id, county }) => {
      await county.refresh();
      // A county nobody wrote to since it was last read, judged on the same day, reads the same.
      const marks = await Promise.all([county.store.readerMark(), ...county.ledgers().map((l) => l.readerMark())]);
      const mark = [today, ...marks].join('\n');
      const kept = this.rolledUp.get(id);
      if (kept?.mark === mark) return kept.rollUp;
      const rollUp = await countyRollUp(id, county, today);
      this.rolledUp.set(id, { mark, rollUp });
      return rollUp;
    });
    return { name: this.name, judgedOn: today, counties: rankCounties(counties) };
  }

  /** One county as its office sees it, read-only: tasks with every unit's words, 督办单, 销号 and evidence. */
  async county(id: string, today: IsoDate) {
    const found = this.counties.find((c) => c.id === id);
    if (!found) throw new LedgerError('not-found', `没有编号为“${id}”的县（区）。No such county.`);
    const { county } = found;
    await county.refresh();
    const office = { kind: 'office' } as const;
    const desk = new SupervisionDesk(county);
    const ledgers = [];
    for (const ledger of county.ledgers()) {
      const evidence = await ledger.evidence.all(office);
      const views = await ledger.markUnreported(await ledger.taskViews(office), today);
      ledgers.push({
        id: ledger.ledgerId,
        title: ledger.title,
        round: (await ledger.latestRound()) ?? null,
        tasks: views.map((v) => ({
          no: v.no,
          problem: v.problem,
          leadUnits: v.leadUnits,
          deadline: v.deadline,
          status: v.status,
          overdue: colourOf(v, today).colour === 'overdue',
          words: Object.entries(v.byUnit)
            .filter(([, f]) => f.progress.trim())
            .map(([unit, f]) => ({ unit, progress: f.progress, status: f.status })),
          evidence: evidence
            .filter((e) => e.no === v.no)
            .map((e) => ({ name: e.name, unit: e.unit, at: e.uploadedAt })),
        })),
        supervisions: (await desk.list(ledger, today, office)).map(({ title, no, level, demand, state, late }) => ({
          title,
          no,
          level,
          demand,
          state,
          late,
        })),
        closures: (await ledger.closing.list(office)).map(({ no, state, requestedBy, reason }) => ({
          no,
          state,
          requestedBy,
          reason,
        })),
      });
    }
    return { county: id, name: county.registry.data.county || id, judgedOn: today, ledgers };
  }

  async shutdown(): Promise<void> {
    for (const { county } of this.counties) await county.close();
    await this.close();
  }
}

/** A county's roll-up: counts, the latest round and who has not reported in it, 销号 and 督办单 waiting, change since its last closed round. */
async function countyRollUp(
  id: string,
  county: County,
  today: IsoDate,
): Promise<CountyRollUp & { tasksList: CountyTask[] }> {
  const tasksList: CountyTask[] = [];
  const units = new Map<string, RoundState>();
  let latest: RoundInfo | undefined;
  let pendingClosures = 0;
  let returnedClosures = 0;
  let openSupervisions = 0;
  let lateSupervisions = 0;
  let newlyOverdue = 0;
  let newlyClosed = 0;
  let since = null as string | null;
  const office = { kind: 'office' } as const;
  const desk = new SupervisionDesk(county);
  for (const ledger of county.ledgers()) {
    const views = await ledger.markUnreported(await ledger.taskViews(office), today);
    for (const v of views)
      tasksList.push({
        ledger: ledger.title,
        no: v.no,
        problem: v.problem,
        leadUnits: v.leadUnits,
        deadline: v.deadline,
        progress: v.progress,
        status: v.status,
        overdue: colourOf(v, today).colour === 'overdue',
      });
    const round = await ledger.latestRound();
    if (round) {
      if (!latest || round.openedAt > latest.openedAt) latest = round;
      for (const u of await ledger.unitStatuses()) units.set(u.name, worse(units.get(u.name), u.state));
    }
    const closures = await ledger.closing.list(office);
    pendingClosures += closures.filter((c) => c.state === '待确认' || c.state === '待审核').length;
    returnedClosures += closures.filter((c) => c.state === '已退回').length;
    const notices = await desk.list(ledger, today, office);
    openSupervisions += notices.filter((n) => n.state !== '已办结').length;
    lateSupervisions += notices.filter((n) => n.late).length;
    const closed = (await ledger.rounds()).filter((r) => r.closedAt).at(-1);
    const before = closed && (await ledger.roundSnapshot(closed.id));
    if (before) {
      since = before.round?.period ?? since;
      const then = new Map(before.views.map((v) => [v.id, v]));
      for (const v of views) {
        const old = then.get(v.id);
        if (colourOf(v, today).colour === 'overdue' && (!old || colourOf(old, before.judgedOn).colour !== 'overdue'))
          newlyOverdue++;
        if (v.status === '已销号' && old?.status !== '已销号') newlyClosed++;
      }
    }
  }
  const named = (state: RoundState) => [...units].filter(([, s]) => s === state).map(([name]) => name);
  return {
    county: id,
    name: county.registry.data.county || id,
    ledgers: county.ledgers().length,
    tasks: tasksList.length,
    overdue: tasksList.filter((t) => t.overdue).length,
    closedOff: tasksList.filter((t) => t.status === '已销号').length,
    round: latest?.period ?? null,
    deadline: latest?.deadline ?? null,
    noRoundThisMonth: !latest || countyDate(latest.openedAt).slice(0, 7) < today.slice(0, 7),
    units: units.size,
    reported: [...units.values()].filter((s) => !owes(s)).length,
    onTime: [...units.values()].filter((s) => s === '已报').length,
    lateUnits: named('迟报'),
    missingUnits: named('未报'),
    pendingClosures,
    returnedClosures,
    openSupervisions,
    lateSupervisions,
    change: { since, newlyOverdue, newlyClosed },
    tasksList,
  };
}

/** A unit in two ledgers of the round counts by the worse of its states: 未报 over 迟报 over the rest. */
function worse(a: RoundState | undefined, b: RoundState): RoundState {
  const order: RoundState[] = ['未报', '迟报'];
  if (a === undefined) return b;
  const rank = (s: RoundState) => (order.includes(s) ? order.indexOf(s) : order.length);
  return rank(a) <= rank(b) ? a : b;
}
