// The IID readiness part of the emails: per unit, the estimated score and which evidence its
// innovations still lack ("3 inovasi belum punya bukti regulasi"); per city, each unit's score.
// Section builders for UNIT_SECTIONS and CITY_SECTIONS; the numbers come from src/iid/scoring.ts.
import type { IndicatorSet } from "../iid/indicators.js";
import { cityReadiness, unitReadiness, type UnitReadiness } from "../iid/scoring.js";
import type { CityFacts } from "./citySummary.js";
import type { InnovationStanding, SummaryData } from "./facts.js";
import { bar, COLORS, escapeHtml, heading, items, list, paragraph, raw } from "./html.js";
import type { Section, SectionBuilder } from "./sections.js";
import type { UnitFacts } from "./unitSummary.js";
import { WORDS } from "./words.js";

/** The unit email names this many indicators with missing evidence, the most-missed first. */
const MISSING_LINES = 6;
/** The city email names this many indicators per unit. */
const CITY_MISSING = 3;

const decimal = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export const showScore = (score: number) => decimal.format(score);

const inputsOf = (standings: InnovationStanding[]) =>
  standings.map(({ innovation }) => ({ id: innovation.id, name: innovation.name, unitId: innovation.unitId, tahapan: innovation.tahapan, status: innovation.status }));

/** "Regulasi inovasi daerah" as it reads mid-sentence; acronyms such as "SDM" keep their capitals. */
const inSentence = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** Indicators with missing evidence, most innovations first, then in the guide's order. */
function missingRanked(indicators: IndicatorSet, readiness: UnitReadiness): { name: string; count: number }[] {
  return indicators.indicators
    .map((indicator) => ({ name: inSentence(indicator.name), count: readiness.missingByIndicator[indicator.key] ?? 0 }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count);
}

function yearOf(data: SummaryData, asOf: string): number {
  return Number(asOf.slice(0, 4)) || data.iid!.indicators.year;
}

/** The unit's estimated score, what is missing by indicator, and each innovation's score. */
export const unitIidSection: SectionBuilder<UnitFacts> = ({ data, mine, unit, period }): Section | null => {
  if (!data.iid || mine.length === 0) return null;
  const { indicators, evidence } = data.iid;
  const readiness = unitReadiness(indicators, unit.id, inputsOf(mine), evidence);
  const max = indicators.scoring.maxPerInnovation;
  const title = WORDS.iid.unitTitle(yearOf(data, period.asOf));
  const summary = readiness.innovationsScored > 0 ? WORDS.iid.unitScore(showScore(readiness.estimatedScore), max, readiness.innovationsScored) : WORDS.iid.noneScored;
  const notEligible = readiness.innovationsNotEligible > 0 ? WORDS.iid.notEligible(readiness.innovationsNotEligible) : "";
  const ranked = missingRanked(indicators, readiness);
  const missing = ranked.slice(0, MISSING_LINES).map((entry) => WORDS.iid.missingLine(entry.count, entry.name));
  if (ranked.length > MISSING_LINES) missing.push(WORDS.iid.moreMissing(ranked.length - MISSING_LINES));
  const scored = readiness.innovations.filter((score) => score.eligible);
  const total = indicators.indicators.length;
  const note = WORDS.iid.guideNote(indicators.year, indicators.guide);
  const completeness = readiness.innovationsScored === 0 ? [] : missing.length > 0 ? missing : [WORDS.iid.allComplete];
  return {
    html:
      heading(title) +
      paragraph(summary) +
      (notEligible ? paragraph(notEligible, true) : "") +
      (completeness.length > 0 ? list(completeness) : "") +
      (scored.length > 0
        ? items(
            scored.map((score) => ({
              title: score.name,
              badge: WORDS.iid.innovationScore(showScore(score.score), max),
              detail: raw(`<div>${escapeHtml(WORDS.iid.innovationMissing(score.missing.length, total))}</div>${bar(score.score / max, COLORS.accent).html}`),
            })),
          )
        : "") +
      paragraph(note, true),
    text: [
      title.toUpperCase(),
      summary,
      ...(notEligible ? [notEligible] : []),
      ...completeness.map((line) => `- ${line}`),
      ...scored.map((score) => `- ${score.name}: ${WORDS.iid.innovationScore(showScore(score.score), max)}, ${WORDS.iid.innovationMissing(score.missing.length, total)}`),
      note,
      "",
    ],
  };
};

/** Every unit's estimated score with its most-missed evidence, and the city's Satuan Inovasi estimate. */
export const cityIidSection: SectionBuilder<CityFacts> = ({ data, all, nameOf, period, audience }): Section | null => {
  if (!data.iid || all.length === 0) return null;
  const { indicators, evidence } = data.iid;
  const unitIds = [...new Set(all.map((standing) => standing.innovation.unitId))];
  const city = cityReadiness(indicators, unitIds, inputsOf(all), evidence);
  const year = yearOf(data, period.asOf);
  const max = indicators.scoring.maxPerInnovation;
  const title = WORDS.iid.cityTitle(year);
  const divisor = Math.max(indicators.scoring.minDivisor, city.innovationsScored);
  const satuan = WORDS.iid.citySatuan(showScore(city.satuanInovasiScore), city.innovationsScored, divisor);
  const units = city.units
    .filter((unit) => unit.innovationsScored > 0)
    .map((unit) => ({ unit, name: nameOf(unit.unitId), missing: missingRanked(indicators, unit).slice(0, CITY_MISSING) }))
    .sort((a, b) => b.unit.estimatedScore - a.unit.estimatedScore || a.name.localeCompare(b.name, "id"));
  const missingText = (entries: { name: string; count: number }[]) =>
    entries.length === 0 ? WORDS.iid.allComplete : WORDS.iid.mostMissing(entries.map((entry) => `${entry.name} (${entry.count})`).join(", "));
  const note = WORDS.iid.guideNote(indicators.year, indicators.guide);
  const hint = audience === "coordinators" ? WORDS.iid.exportHint(year) : null;
  return {
    html:
      heading(title) +
      paragraph(satuan) +
      (units.length > 0
        ? items(
            units.map(({ unit, name, missing }) => ({
              title: name,
              badge: WORDS.iid.unitLine(showScore(unit.estimatedScore), unit.innovationsScored),
              detail: raw(`<div>${escapeHtml(missingText(missing))}</div>${bar(unit.estimatedScore / max, COLORS.accent).html}`),
            })),
          )
        : paragraph(WORDS.iid.noneScored, true)) +
      paragraph(note, true) +
      (hint ? paragraph(hint, true) : ""),
    text: [
      title.toUpperCase(),
      satuan,
      ...(units.length > 0
        ? units.map(({ unit, name, missing }) => `- ${name}: ${WORDS.iid.unitLine(showScore(unit.estimatedScore), unit.innovationsScored)}; ${missingText(missing)}`)
        : [WORDS.iid.noneScored]),
      note,
      ...(hint ? [hint] : []),
      "",
    ],
  };
};
