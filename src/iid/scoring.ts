// Estimated IID scores from the evidence at hand: per innovation (each indicator's weight times
// its chosen parameter's level, only where a document backs it) and per unit, with what is
// missing. Plain functions over plain data; the guide's numbers come from indicators.ts.
import type { Tahapan } from "../model/vocabulary.js";
import type { Indicator, IndicatorSet } from "./indicators.js";
import type { Gap } from "./vocabulary.js";

/** What scoring needs of an innovation. */
export interface ScoredInnovationInput {
  id: string;
  name: string;
  unitId: string;
  tahapan: Tahapan;
  status: string;
}

/** What scoring needs of an evidence record. */
export interface EvidenceInput {
  innovationId: string;
  indicator: string;
  option: string | null;
  link: string | null;
  status?: string;
}

export interface IndicatorScore {
  indicator: string;
  option: string | null;
  points: number;
  maxPoints: number;
  /** Null when the indicator scores; else why not. */
  gap: Gap | null;
}

export interface InnovationScore {
  innovationId: string;
  name: string;
  unitId: string;
  /** False when the innovation has not reached a tahapan the guide scores (e.g. still inisiatif). */
  eligible: boolean;
  score: number;
  maxScore: number;
  indicators: IndicatorScore[];
  /** Keys of the indicators that do not score yet. */
  missing: string[];
}

export interface UnitReadiness {
  unitId: string;
  /** Live innovations the guide scores. */
  innovationsScored: number;
  /** Live innovations not yet at a scored tahapan. */
  innovationsNotEligible: number;
  /** Mean estimated score of the scored innovations, 0 to the guide's maximum (0 with none). */
  estimatedScore: number;
  /** Per indicator key, how many scored innovations still miss its evidence. */
  missingByIndicator: Record<string, number>;
  innovations: InnovationScore[];
}

export interface CityReadiness {
  /** The guide's Satuan Inovasi part: the sum over scored innovations divided by MAX(minDivisor, n). */
  satuanInovasiScore: number;
  innovationsScored: number;
  units: UnitReadiness[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function liveEvidence(evidence: readonly EvidenceInput[]): EvidenceInput[] {
  return evidence.filter((entry) => (entry.status ?? "aktif") !== "diarsipkan");
}

/** One indicator of one innovation: the best of its evidence rows, or why none scores. */
function scoreIndicator(indicator: Indicator, rows: EvidenceInput[]): IndicatorScore {
  const top = Math.max(...indicator.options.map((option) => option.value));
  const base = { indicator: indicator.key, maxPoints: indicator.weight };
  if (rows.length === 0) return { ...base, option: null, points: 0, gap: "no_evidence" };
  let best: IndicatorScore | null = null;
  let firstGap: IndicatorScore | null = null;
  for (const row of rows) {
    const option = indicator.options.find((candidate) => candidate.key === row.option);
    const gap: Gap | null = row.option === null ? "no_option" : !option ? "unknown_option" : !row.link ? "no_link" : null;
    if (gap) {
      firstGap ??= { ...base, option: row.option, points: 0, gap };
      continue;
    }
    const points = (indicator.weight * option!.value) / top;
    if (!best || points > best.points) best = { ...base, option: row.option, points, gap: null };
  }
  return best ?? firstGap!;
}

/** The estimated score of one innovation under a guide, from its evidence (other innovations' rows are ignored). */
export function scoreInnovation(set: IndicatorSet, innovation: ScoredInnovationInput, evidence: readonly EvidenceInput[]): InnovationScore {
  const mine = liveEvidence(evidence).filter((entry) => entry.innovationId === innovation.id);
  const indicators = set.indicators.map((indicator) =>
    scoreIndicator(
      indicator,
      mine.filter((entry) => entry.indicator === indicator.key),
    ),
  );
  return {
    innovationId: innovation.id,
    name: innovation.name,
    unitId: innovation.unitId,
    eligible: set.scoring.scoredTahapan.includes(innovation.tahapan),
    score: round2(indicators.reduce((sum, entry) => sum + entry.points, 0)),
    maxScore: set.scoring.maxPerInnovation,
    indicators,
    missing: indicators.filter((entry) => entry.gap !== null).map((entry) => entry.indicator),
  };
}

const isLive = (innovation: ScoredInnovationInput) => innovation.status !== "diarsipkan";

/** One unit's readiness: its live innovations scored, their mean, and the missing evidence by indicator. */
export function unitReadiness(
  set: IndicatorSet,
  unitId: string,
  innovations: readonly ScoredInnovationInput[],
  evidence: readonly EvidenceInput[],
): UnitReadiness {
  const evidenceOf = evidenceByInnovation(evidence);
  const scores = innovations.filter((innovation) => innovation.unitId === unitId && isLive(innovation)).map((innovation) => scoreInnovation(set, innovation, evidenceOf.get(innovation.id) ?? []));
  const scored = scores.filter((score) => score.eligible);
  const missingByIndicator = Object.fromEntries(set.indicators.map((indicator) => [indicator.key, 0]));
  for (const score of scored) for (const key of score.missing) missingByIndicator[key]! += 1;
  return {
    unitId,
    innovationsScored: scored.length,
    innovationsNotEligible: scores.length - scored.length,
    estimatedScore: meanScore(scored.reduce((sum, score) => sum + score.score, 0), scored.length),
    missingByIndicator,
    innovations: scores.sort((a, b) => a.name.localeCompare(b.name, "id")),
  };
}

/** The mean of scored innovations' scores, summed in the order the innovations were given (0 with none). */
function meanScore(sum: number, count: number): number {
  return count === 0 ? 0 : round2(sum / count);
}

/** Live evidence by innovation: each innovation's rows found once, not by searching all evidence for each innovation. */
function evidenceByInnovation(evidence: readonly EvidenceInput[]): Map<string, EvidenceInput[]> {
  const evidenceOf = new Map<string, EvidenceInput[]>();
  for (const entry of liveEvidence(evidence)) {
    const mine = evidenceOf.get(entry.innovationId);
    if (mine) mine.push(entry);
    else evidenceOf.set(entry.innovationId, [entry]);
  }
  return evidenceOf;
}

/**
 * Each unit's scored live innovations and their mean estimated score, as `unitReadiness` works
 * them out, without keeping a score per innovation: the dashboard charts only these, and a city
 * of 50,000 innovations would otherwise hold a score per innovation and indicator (~1 million).
 */
export function unitMeanScores(set: IndicatorSet, unitIds: readonly string[], innovations: readonly ScoredInnovationInput[], evidence: readonly EvidenceInput[]): { unitId: string; innovationsScored: number; estimatedScore: number }[] {
  const evidenceOf = evidenceByInnovation(evidence);
  const units = new Map(unitIds.map((unitId) => [unitId, { sum: 0, count: 0 }]));
  for (const innovation of innovations) {
    const unit = units.get(innovation.unitId);
    if (!unit || !isLive(innovation)) continue;
    const score = scoreInnovation(set, innovation, evidenceOf.get(innovation.id) ?? []);
    if (!score.eligible) continue;
    unit.sum += score.score;
    unit.count++;
  }
  return unitIds.map((unitId) => {
    const { sum, count } = units.get(unitId)!;
    return { unitId, innovationsScored: count, estimatedScore: meanScore(sum, count) };
  });
}

/** Every unit's readiness and the city's Satuan Inovasi estimate (the guide's SID without the count-of-innovations indicator). */
export function cityReadiness(
  set: IndicatorSet,
  unitIds: readonly string[],
  innovations: readonly ScoredInnovationInput[],
  evidence: readonly EvidenceInput[],
): CityReadiness {
  const units = unitIds.map((unitId) => unitReadiness(set, unitId, innovations, evidence));
  const scored = units.flatMap((unit) => unit.innovations.filter((score) => score.eligible));
  const sum = scored.reduce((total, score) => total + score.score, 0);
  return {
    satuanInovasiScore: round2(sum / Math.max(set.scoring.minDivisor, scored.length)),
    innovationsScored: scored.length,
    units,
  };
}
