// The city's IID submission as tables: the innovation profiles in the fields the national
// application asks for, each innovation's indicators with parameter and evidence, and what is
// still missing. Plain data, written as CSV and XLSX by the CLI and as a tab by the sync.
import type { Innovation, Unit } from "../model/schemas.js";
import { BENTUK, INISIATOR, JENIS, TAHAPAN } from "../model/vocabulary.js";
import type { IidEvidence } from "./evidence.js";
import type { IndicatorSet } from "./indicators.js";
import type { ReadinessData } from "./load.js";
import { scoreInnovation, type InnovationScore } from "./scoring.js";
import { DOCUMENT_TYPES, GAP_LABELS } from "./vocabulary.js";
import { SUBMISSION_WORDS as W } from "./words.js";

export type Cell = string | number | null;

export interface Table {
  title: string;
  headers: string[];
  rows: Cell[][];
}

export interface Submission {
  year: number;
  /** The guide's year whose indicators were used (the latest shipped or overridden). */
  guideYear: number;
  profile: Table;
  indicators: Table;
  missing: Table;
}

/** The national form asks for a design ("rancang bangun") of at least this many words. */
export const DESIGN_MIN_WORDS = 300;

const wordCount = (text: string) => (text.trim() === "" ? 0 : text.trim().split(/\s+/).length);
const round2 = (value: number) => Math.round(value * 100) / 100;

function profileRow(innovation: Innovation, unitName: string, score: InnovationScore): Cell[] {
  return [
    W.region,
    unitName,
    innovation.name,
    TAHAPAN[innovation.tahapan],
    INISIATOR[innovation.initiator],
    innovation.initiatorName,
    JENIS[innovation.jenis],
    BENTUK[innovation.bentuk],
    innovation.urusan,
    innovation.trialDate,
    innovation.inUseDate,
    innovation.design,
    innovation.goal,
    innovation.benefits,
    innovation.results,
    innovation.budget,
    innovation.regulation,
    innovation.evidenceLinks.join("\n"),
    score.score,
    innovation.id,
  ];
}

/** One row per indicator of the innovation: the chosen parameter, what it earns, and its document. */
function indicatorRows(set: IndicatorSet, innovation: Innovation, score: InnovationScore, evidence: IidEvidence[]): Cell[][] {
  return set.indicators.map((indicator, index) => {
    const result = score.indicators[index]!;
    const option = indicator.options.find((candidate) => candidate.key === result.option);
    const row = evidence.find((entry) => entry.innovationId === innovation.id && entry.indicator === indicator.key && entry.option === result.option && entry.status !== "diarsipkan");
    return [
      innovation.name,
      indicator.number,
      indicator.name,
      option?.label ?? result.option ?? "",
      indicator.bobot ?? indicator.weight,
      round2(result.points),
      row?.documentType ? DOCUMENT_TYPES[row.documentType] : "",
      row?.documentDate ?? null,
      row?.link ?? "",
      result.gap ? GAP_LABELS[result.gap] : "",
    ];
  });
}

/** What an innovation's profile still lacks for the national form. */
function profileGaps(innovation: Innovation): string[] {
  const P = W.profile;
  const gaps: string[] = [];
  const words = wordCount(innovation.design);
  if (words < DESIGN_MIN_WORDS) gaps.push(W.gaps.designShort(words, DESIGN_MIN_WORDS));
  for (const [field, header] of [["goal", P.goal], ["benefits", P.benefits], ["results", P.results], ["urusan", P.urusan]] as const) {
    if (innovation[field].trim() === "") gaps.push(W.gaps.empty(header));
  }
  if (!innovation.trialDate) gaps.push(W.gaps.empty(P.trialDate));
  if (innovation.tahapan === "penerapan" && !innovation.inUseDate) gaps.push(W.gaps.empty(P.inUseDate));
  return gaps;
}

export function buildSubmission(data: ReadinessData): Submission {
  const { indicators: set, units, evidence } = data;
  const unitName = new Map(units.map((unit: Unit) => [unit.id, unit.name]));
  const nameOf = (unitId: string) => unitName.get(unitId) ?? unitId;
  const live = data.innovations
    .filter((innovation) => innovation.status !== "diarsipkan")
    .sort((a, b) => nameOf(a.unitId).localeCompare(nameOf(b.unitId), "id") || a.name.localeCompare(b.name, "id"));
  const profile: Cell[][] = [];
  const indicatorTable: Cell[][] = [];
  const missing: Cell[][] = [];
  for (const innovation of live) {
    const score = scoreInnovation(set, innovation, evidence);
    const unit = nameOf(innovation.unitId);
    if (!score.eligible) {
      missing.push([unit, innovation.name, TAHAPAN[innovation.tahapan], W.gaps.notEligible]);
      continue;
    }
    profile.push(profileRow(innovation, unit, score));
    indicatorTable.push(...indicatorRows(set, innovation, score, evidence));
    for (const gap of profileGaps(innovation)) missing.push([unit, innovation.name, W.tables.profile, gap]);
    for (const result of score.indicators) {
      if (!result.gap) continue;
      const indicator = set.indicators.find((entry) => entry.key === result.indicator)!;
      missing.push([unit, innovation.name, W.gaps.evidence(`${indicator.number}. ${indicator.name}`), GAP_LABELS[result.gap]]);
    }
  }
  const P = W.profile;
  const I = W.indicator;
  const M = W.missing;
  return {
    year: data.year,
    guideYear: set.year,
    profile: {
      title: W.tables.profile,
      headers: [P.region, P.unit, P.name, P.tahapan, P.initiator, P.initiatorName, P.jenis, P.bentuk, P.urusan, P.trialDate, P.inUseDate, P.design, P.goal, P.benefits, P.results, P.budget, P.regulation, P.evidenceLinks, P.score, P.id],
      rows: profile,
    },
    indicators: {
      title: W.tables.indicators,
      headers: [I.name, I.number, I.indicator, I.option, I.weight, I.points, I.documentType, I.documentDate, I.link, I.note],
      rows: indicatorTable,
    },
    missing: { title: W.tables.missing, headers: [M.unit, M.name, M.what, M.detail], rows: missing },
  };
}
