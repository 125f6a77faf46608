/**
 * A city's or province's supervision office (市/省督察办): it reads every ledger of the counties
 * it oversees, and writes nothing. Its connections run as the role ledger_reader, which may only
 * read, one county at a time: each county's rows stay behind row-level security as they do for
 * the county's own office.
 */
import { colourOf } from '../../core/colour.ts';
import type { IsoDate } from '../../core/deadline.ts';
import { owes } from '../../core/round.ts';
import type { CountyTask, ProvinceState } from '../formats/workbook/province-workbook.ts';
import type { EvidenceStore } from '../store/evidence-store.ts';
import { openPool } from '../store/postgres-connect.ts';
import { PgStorage } from '../store/postgres-storage.ts';
import { County } from './county.ts';

export class Province {
  private constructor(
    readonly name: string,
    private readonly counties: { id: string; county: County }[],
    private readonly close: () => Promise<void>,
  ) {}

  /** The counties `ids` of the database at `url`, read-only. */
  static async open(url: string, ids: string[], name: string, evidence: EvidenceStore): Promise<Province> {
    const pool = openPool(url);
    const counties = [];
    for (const id of ids) counties.push({ id, county: await County.open(PgStorage.reading(pool, id), evidence) });
    return new Province(name, counties, () => pool.end());
  }

  /** How many counties it oversees. */
  get size(): number {
    return this.counties.length;
  }

  /** Every county's figures and tasks, judged on `today`. */
  async state(today: IsoDate): Promise<ProvinceState> {
    const counties = [];
    for (const { id, county } of this.counties) {
      await county.refresh();
      const tasksList: CountyTask[] = [];
      let units = 0;
      let reported = 0;
      let round: string | null = null;
      for (const ledger of county.ledgers()) {
        const views = await ledger.markUnreported(await ledger.taskViews({ kind: 'office' }), today);
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
        const latest = await ledger.latestRound();
        if (latest) {
          round ??= latest.period;
          const states = await ledger.unitStatuses();
          units += states.length;
          reported += states.filter((u) => !owes(u.state)).length;
        }
      }
      counties.push({
        county: id,
        name: county.registry.data.county || id,
        ledgers: county.ledgers().length,
        tasks: tasksList.length,
        overdue: tasksList.filter((t) => t.overdue).length,
        closedOff: tasksList.filter((t) => t.status === '已销号').length,
        round,
        units,
        reported,
        tasksList,
      });
    }
    return { name: this.name, judgedOn: today, counties };
  }

  async shutdown(): Promise<void> {
    for (const { county } of this.counties) await county.close();
    await this.close();
  }
}
