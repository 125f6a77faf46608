/**
 * 通报 scoring of a ledger's units in a round (core/scoring.ts): the facts from the round's own
 * state (a closed round's snapshot), its 销号 decisions and 督办单; the rule table the office
 * edits; its points added or deducted with a reason. A round's scores are frozen when it closes.
 */
import { colourOf } from '../../core/colour.ts';
import { actorName, type Actor } from '../../core/policy.ts';
import {
  DEFAULT_SCORING,
  formulaText,
  rulesText,
  type ScoreAdjustment,
  type ScoringRules,
  scoreGroup,
  scoreUnits,
  scoringFrom,
  type UnitFacts,
  type UnitScore,
} from '../../core/scoring.ts';
import { missedDeadline } from '../../core/supervision.ts';
import { countyDate } from '../../core/zone.ts';
import { now } from '../clock.ts';
import { LedgerError } from '../errors.ts';
import { ScoringStore } from '../store/scoring-store.ts';
import type { County } from './county.ts';
import type { Ledger, LedgerState, TaskView, UnitStatus } from './ledger.ts';
import { SupervisionDesk } from './supervision.ts';

const KEY = 'scoring';

/** A round's ranking as the API, the dashboard, the workbook and the 通报 show it. */
export interface RoundScores {
  round: { id: string; period: string; deadline: string; closedAt: string | null };
  judgedOn: string;
  /** Scores kept as the round closed: later rule changes and adjustments leave them be. */
  frozen: boolean;
  rules: ScoringRules;
  formula: string;
  units: UnitScore[];
  adjustments: ScoreAdjustment[];
}

/** The units that answer for a task, and so take its points. */
const answering = (v: TaskView) => (v.leadUnitNames.length ? v.leadUnitNames : v.responsibleUnitNames);

function reportingOf(unit: UnitStatus, deadline: string): UnitFacts['reporting'] {
  if (unit.state === '已报') return 'onTime';
  if (unit.state === '迟报') return 'late';
  if (unit.state === '未报') return 'missing';
  // It sent something (waiting on a ruling, or nothing new): on time by when it last sent.
  return unit.lastSubmissionAt && countyDate(unit.lastSubmissionAt) > deadline ? 'late' : 'onTime';
}

export class Scoring {
  readonly store: ScoringStore;
  private readonly desk: SupervisionDesk;

  constructor(private readonly county: County) {
    this.store = new ScoringStore(county.store.db);
    this.desk = new SupervisionDesk(county);
  }

  async rules(): Promise<ScoringRules> {
    const saved = await this.county.store.meta(KEY);
    return saved ? scoringFrom(JSON.parse(saved)) : structuredClone(DEFAULT_SCORING);
  }

  async saveRules(rules: ScoringRules, by: Actor): Promise<ScoringRules> {
    return this.county.store.transaction(async () => {
      const before = await this.rules();
      if (rulesText(before) === rulesText(rules)) return before;
      await this.county.store.setMeta(KEY, JSON.stringify(rules));
      await this.county.store.record(actorName(by), 'scoring-changed', `${rulesText(before)} → ${rulesText(rules)}`);
      return rules;
    });
  }

  /** The round's scores: frozen as it closed, or as the open round stands on `today`. */
  async scores(ledger: Ledger, roundId: string, today: string): Promise<RoundScores> {
    const frozen = await this.store.frozen(ledger.ledgerId, roundId);
    if (frozen) return JSON.parse(frozen) as RoundScores;
    return this.compute(ledger, await ledger.roundState(roundId, today));
  }

  /** The scores of the round `state` is in (as the workbook holds it), none before the first round. */
  async scoresOf(ledger: Ledger, state: LedgerState): Promise<RoundScores | undefined> {
    if (!state.round) return undefined;
    const frozen = await this.store.frozen(ledger.ledgerId, state.round.id);
    return frozen ? (JSON.parse(frozen) as RoundScores) : this.compute(ledger, state);
  }

  /** Keeps a round's scores as it closed: called once the ledger's round is closed. */
  async freeze(ledger: Ledger, roundId: string): Promise<void> {
    const scores = await this.compute(ledger, await ledger.roundState(roundId, countyDate(now())));
    await this.store.freeze(ledger.ledgerId, roundId, JSON.stringify({ ...scores, frozen: true }), now());
  }

  async adjust(
    ledger: Ledger,
    roundId: string,
    input: { unit: string; points: number; reason: string },
    by: Actor,
  ): Promise<RoundScores> {
    const state = await ledger.roundState(roundId, countyDate(now()));
    if (state.round?.closedAt)
      throw new LedgerError('round-closed', `${state.round.period}月报已结束，得分不再变动。The round is closed.`);
    if (!state.units.some((u) => u.name === input.unit))
      throw new LedgerError('not-found', `本轮没有“${input.unit}”这个报送单位。No such unit in the round.`);
    const at = now();
    await this.store.transaction(async () => {
      await this.store.addAdjustment({
        ledger_id: ledger.ledgerId,
        round_id: roundId,
        unit: input.unit,
        points: input.points,
        reason: input.reason,
        by_name: actorName(by),
        at,
      });
      await this.county.store.record(
        actorName(by),
        'score-adjusted',
        `${state.round?.period ?? ''}${input.unit}${input.points > 0 ? '加' : '减'}${Math.abs(input.points)}分：${input.reason}`,
      );
    });
    return this.compute(ledger, state);
  }

  private async compute(ledger: Ledger, state: LedgerState): Promise<RoundScores> {
    const round = state.round;
    if (!round) throw new LedgerError('not-found', '这本台账还没有月报轮次。No round yet.');
    const rules = await this.rules();
    const adjustments = (await this.store.adjustments(ledger.ledgerId, round.id)).map((a) => ({
      unit: a.unit,
      points: a.points,
      reason: a.reason,
      by: a.by_name,
      at: a.at,
    }));
    return {
      round: { id: round.id, period: round.period, deadline: round.deadline, closedAt: round.closedAt },
      judgedOn: state.judgedOn,
      frozen: false,
      rules,
      formula: formulaText(rules),
      units: scoreUnits(await this.factsOf(ledger, state), rules, adjustments),
      adjustments,
    };
  }

  /** What the round's records say of each of its units. */
  private async factsOf(ledger: Ledger, state: LedgerState): Promise<UnitFacts[]> {
    const round = state.round!;
    const previous = (await ledger.rounds()).filter((r) => r.closedAt && r.openedAt < round.openedAt).at(-1);
    const from = previous?.closedAt ?? '';
    const until = round.closedAt ?? '9999';
    const within = (at: string | null) => at !== null && at > from && at <= until;
    const fromDay = from ? countyDate(from) : '';
    const views = new Map(state.views.map((v) => [v.no, v]));
    const owners = (no: number) => {
      const view = views.get(no);
      return view ? answering(view) : [];
    };
    const decided = (await ledger.closing.list({ kind: 'office' })).filter((c) => within(c.decidedAt));
    const notices = (await this.desk.list(ledger, state.judgedOn, { kind: 'office' })).filter((n) => {
      if (n.issuedAt > until) return false;
      const missed = missedDeadline(n, state.judgedOn, countyDate);
      return missed !== undefined && missed >= fromDay && missed < state.judgedOn;
    });
    const overdue = state.views.filter((v) => colourOf(v, state.judgedOn).colour === 'overdue');
    return state.units.map((unit) => {
      const mine = (no: number) => owners(no).includes(unit.name);
      return {
        unit: unit.name,
        kind: scoreGroup(unit.kind),
        reporting: reportingOf(unit, round.deadline),
        overdue: overdue.filter((v) => answering(v).includes(unit.name)).map((v) => v.no),
        closed: decided.filter((c) => c.state === '已销号' && mine(c.no)).map((c) => c.no),
        supervisionLate: notices.filter((n) => mine(n.no)).map((n) => n.title),
        closureReturned: decided.filter((c) => c.state === '已退回' && mine(c.no)).map((c) => c.no),
      };
    });
  }
}
