// The figures the "Dasbor" tab charts, worked out from records by plain functions: live
// innovations per stage and per unit and stage, stalled innovations by how long they have not
// moved, overdue action-plan items per unit, and each unit's estimated IID score. The stalled
// and overdue rules are the summaries' own (src/summaries/facts.ts), the score is src/iid's.
import { unitMeanScores, type EvidenceInput } from "../../src/iid/scoring.js";
import type { IndicatorSet } from "../../src/iid/indicators.js";
import type { Innovation, Unit } from "../../src/model/schemas.js";
import { STAGE_ORDER } from "../../src/model/stages.js";
import { STAGES } from "../../src/model/vocabulary.js";
import { DEFAULT_RULES, standings, type InnovationStanding } from "../../src/summaries/facts.js";
import { periodContaining } from "../../src/summaries/period.js";
import { DASHBOARD_WORDS as WORDS } from "./words.js";

export interface DashboardInput {
  /** The day the figures speak from, yyyy-MM-dd (WIB). */
  today: string;
  units: Unit[];
  innovations: Innovation[];
  stalledAfterDays: number;
  indicators: IndicatorSet;
  evidence: EvidenceInput[];
}

/** One category and its number, a row of a two-column table. */
export type LabelledCount = [label: string, value: number];

export interface DashboardFigures {
  asOf: string;
  perStage: LabelledCount[];
  /** Units with at least one live innovation, by name; counts in STAGE_ORDER. */
  perUnit: { unit: string; counts: number[] }[];
  stalled: LabelledCount[];
  overdue: LabelledCount[];
  /** Each unit's mean estimated score; null when none of its innovations has reached a tahapan the guide scores. */
  readiness: { maxScore: number; rows: [unit: string, score: number | null][] };
}

/** Where every live innovation stands today, by the summaries' rules (stalled, actions due). */
function standingsToday(input: DashboardInput): InnovationStanding[] {
  // Only `asOf` of the period matters for standing, stalling and due dates; the week around it
  // decides "moved" and "new", which the dashboard does not chart.
  const period = { ...periodContaining("weekly", input.today), asOf: input.today };
  const data = { units: input.units, innovations: input.innovations, programs: [], periodAudit: [], mou: { signed: input.today, ends: input.today } };
  return standings(data, period, { ...DEFAULT_RULES, stalledAfterDays: input.stalledAfterDays });
}

/** Stalled innovations in four age bands: N to 2N-1 days, 2N to 3N-1, 3N to 6N-1, and 6N or more. */
function stalledBands(stalledAfterDays: number, live: InnovationStanding[]): LabelledCount[] {
  const n = stalledAfterDays;
  const bands: [number, number | null][] = [[n, 2 * n], [2 * n, 3 * n], [3 * n, 6 * n], [6 * n, null]];
  return bands.map(([from, to]) => [
    to === null ? WORDS.stalled.atLeast(from) : WORDS.stalled.range(from, to - 1),
    live.filter((standing) => standing.stalled && standing.daysInStage >= from && (to === null || standing.daysInStage < to)).length,
  ]);
}

export function dashboardFigures(input: DashboardInput): DashboardFigures {
  const live = standingsToday(input);
  const names = new Map(input.units.map((unit) => [unit.id, unit.name || unit.id]));
  const nameOf = (unitId: string) => names.get(unitId) ?? unitId;
  const unitIds = [...new Set(live.map((standing) => standing.innovation.unitId))].sort((a, b) => nameOf(a).localeCompare(nameOf(b), "id"));

  const perUnit = unitIds.map((unitId) => {
    const mine = live.filter((standing) => standing.innovation.unitId === unitId);
    return { unit: nameOf(unitId), counts: STAGE_ORDER.map((stage) => mine.filter((standing) => standing.stage === stage).length) };
  });
  const overdue = unitIds
    .map((unitId): LabelledCount => [nameOf(unitId), live.filter((standing) => standing.innovation.unitId === unitId).reduce((sum, standing) => sum + standing.dueActions.filter((action) => action.daysLeft < 0).length, 0)])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "id"));
  const readiness = unitMeanScores(input.indicators, unitIds, input.innovations, input.evidence);
  return {
    asOf: input.today,
    perStage: STAGE_ORDER.map((stage) => [STAGES[stage], live.filter((standing) => standing.stage === stage).length]),
    perUnit,
    stalled: stalledBands(input.stalledAfterDays, live),
    overdue,
    readiness: { maxScore: input.indicators.scoring.maxPerInnovation, rows: readiness.map((unit) => [nameOf(unit.unitId), unit.innovationsScored > 0 ? unit.estimatedScore : null]) },
  };
}
