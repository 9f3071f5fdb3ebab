// The weekly or monthly email to the lab's leadership and coordinators: the whole lab at a
// glance. A pure function of the records and the period. The facts are worked out once
// (cityFacts); each section is a named builder in CITY_SECTIONS, so a new section is one
// function and one line in that list. Coordinators' copies add what to do; leadership's do not.
import type { Unit } from "../model/schemas.js";
import { displayDate } from "../model/time.js";
import { MOU_AREAS, STAGES, type MouArea, type Stage } from "../model/vocabulary.js";
import {
  DEFAULT_RULES,
  mouStanding,
  standings,
  upcomingPrograms,
  unitsWithInnovations,
  type InnovationStanding,
  type MouStanding,
  type SummaryData,
  type SummaryRules,
  type UpcomingProgram,
} from "./facts.js";
import { bar, COLORS, escapeHtml, figures, heading, list, page, paragraph, raw, table } from "./html.js";
import { cityIidSection } from "./iidSections.js";
import { periodLabel, type Period } from "./period.js";
import { textFigures } from "./plainText.js";
import { footerSection, itemsSection, listSection, renderSections, type Section, type SectionBuilder } from "./sections.js";
import type { SummaryContent } from "./unitSummary.js";
import { WORDS } from "./words.js";

/** Who reads a city email: leadership gets the state of things, coordinators also what to do about it. */
export type CityAudience = "leadership" | "coordinators";

export interface CitySummary extends SummaryContent {
  figures: { innovations: number; units: number; newOnes: number; moved: number; stalled: number; finished: number; unitsWithout: number; gaps: number };
}

export interface CitySummaryInput {
  data: SummaryData;
  period: Period;
  rules?: SummaryRules;
  /** Default "leadership": the copy without instructions. */
  audience?: CityAudience;
}

const STAGE_KEYS = Object.keys(STAGES) as Stage[];
/** How far ahead program activities are listed: the next period and a little more. */
const PROGRAM_HORIZON_DAYS = { weekly: 14, monthly: 31 } as const;
/** Coordinators are reminded to prepare a renewal this long before the MoU ends. */
const MOU_RENEWAL_NOTICE_MONTHS = 6;

interface UnitRow {
  name: string;
  row: Record<Stage, number>;
  total: number;
}

/** What the city email states, worked out once for all its sections. */
export interface CityFacts {
  data: SummaryData;
  period: Period;
  rules: SummaryRules;
  audience: CityAudience;
  all: InnovationStanding[];
  nameOf: (unitId: string) => string;
  /** Units with live innovations, most innovations first. */
  unitRows: UnitRow[];
  stageTotals: { stage: Stage; count: number }[];
  newOnes: InnovationStanding[];
  moved: InnovationStanding[];
  stalled: InnovationStanding[];
  finished: InnovationStanding[];
  liveUnits: number;
  unitsWithout: Unit[];
  /** Units with innovations whose head has no email address. */
  gaps: Unit[];
  programs: Record<MouArea, UpcomingProgram[]>;
  mou: MouStanding;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "id");

function unitRowsOf(all: InnovationStanding[], nameOf: (unitId: string) => string): UnitRow[] {
  const counts = new Map<string, Record<Stage, number>>();
  for (const standing of all) {
    const row = counts.get(standing.innovation.unitId) ?? (Object.fromEntries(STAGE_KEYS.map((stage) => [stage, 0])) as Record<Stage, number>);
    row[standing.stage] += 1;
    counts.set(standing.innovation.unitId, row);
  }
  return [...counts.entries()]
    .map(([unitId, row]) => ({ name: nameOf(unitId), row, total: STAGE_KEYS.reduce((sum, stage) => sum + row[stage], 0) }))
    .sort((a, b) => b.total - a.total || byName(a, b));
}

export function cityFacts(input: CitySummaryInput): CityFacts {
  const { data, period } = input;
  const rules = input.rules ?? DEFAULT_RULES;
  const all = standings(data, period, rules);
  const unitName = new Map(data.units.map((unit) => [unit.id, unit.name]));
  const nameOf = (unitId: string) => unitName.get(unitId) ?? unitId;
  const liveUnitIds = new Set(all.map((standing) => standing.innovation.unitId));
  return {
    data,
    period,
    rules,
    audience: input.audience ?? "leadership",
    all,
    nameOf,
    unitRows: unitRowsOf(all, nameOf),
    stageTotals: STAGE_KEYS.map((stage) => ({ stage, count: all.filter((standing) => standing.stage === stage).length })),
    newOnes: all.filter((standing) => standing.isNew),
    moved: all.filter((standing) => standing.moves.length > 0),
    stalled: all.filter((standing) => standing.stalled),
    finished: all.filter((standing) => standing.finished),
    liveUnits: liveUnitIds.size,
    unitsWithout: data.units.filter((unit) => unit.status === "aktif" && !liveUnitIds.has(unit.id)).sort(byName),
    gaps: unitsWithInnovations(data).filter((unit) => !unit.headEmail),
    programs: upcomingPrograms(data, period, PROGRAM_HORIZON_DAYS[period.kind]),
    mou: mouStanding(data.mou, period.asOf),
  };
}

const periodNoun = (facts: CityFacts) => WORDS.periodNoun[facts.period.kind];
const innovationLine = (facts: CityFacts, standing: InnovationStanding) => `${standing.innovation.name} (${facts.nameOf(standing.innovation.unitId)})`;

function figureList(facts: CityFacts) {
  return [
    { label: WORDS.figures.innovations, value: facts.all.length },
    { label: WORDS.figures.newOnes, value: facts.newOnes.length },
    { label: WORDS.figures.moved, value: facts.moved.length },
    { label: WORDS.figures.stalled, value: facts.stalled.length, warn: true },
    { label: WORDS.figures.finished, value: facts.finished.length },
    { label: WORDS.figures.unitsWithout, value: facts.unitsWithout.length, warn: true },
  ];
}

const cityIntroSection: SectionBuilder<CityFacts> = (facts) => {
  const greeting = WORDS.cityGreeting[facts.audience];
  const intro = WORDS.cityIntro(facts.all.length, facts.liveUnits, displayDate(facts.period.asOf));
  return { html: paragraph(greeting) + paragraph(intro), text: [greeting, "", intro, WORDS.periodLine(periodLabel(facts.period)), ""] };
};

const cityFiguresSection: SectionBuilder<CityFacts> = (facts) => ({ html: figures(figureList(facts)), text: [textFigures(figureList(facts)), ""] });

/** How many innovations stand at each stage, with a bar for each. */
const byStageSection: SectionBuilder<CityFacts> = ({ stageTotals }) => {
  const most = Math.max(1, ...stageTotals.map((entry) => entry.count));
  return {
    html:
      heading(WORDS.sections.byStage) +
      table([WORDS.columns.stage, WORDS.columns.count, ""], stageTotals.map(({ stage, count }) => [STAGES[stage], count, bar(count / most)]), [1]),
    text: [`${WORDS.sections.byStage.toUpperCase()}\n${stageTotals.map(({ stage, count }) => `- ${STAGES[stage]}: ${count}`).join("\n")}\n`],
  };
};

/** Each unit's innovations by stage: a unit per entry, so six stages never need six columns. */
const byUnitSection: SectionBuilder<CityFacts> = ({ unitRows }) => {
  const most = Math.max(1, ...unitRows.map((row) => row.total));
  const stagesOf = ({ row }: UnitRow) => STAGE_KEYS.filter((stage) => row[stage] > 0).map((stage) => `${STAGES[stage]} ${row[stage]}`).join(", ");
  return itemsSection(
    WORDS.sections.byUnit,
    unitRows.map((unit) => ({
      title: unit.name,
      badge: WORDS.innovationCount(unit.total),
      // The bar under each unit shows the relative sizes at a glance.
      detail: raw(`<div>${escapeHtml(stagesOf(unit))}</div>${bar(unit.total / most, COLORS.accent).html}`),
    })),
    unitRows.map((unit) => `${unit.name}: ${unit.total} (${stagesOf(unit)})`),
  );
};

const newOnesSection: SectionBuilder<CityFacts> = (facts) =>
  listSection(WORDS.sections.newOnes(periodNoun(facts)), facts.newOnes.map((standing) => `${innovationLine(facts, standing)}${standing.proposedViaForm ? `, ${WORDS.fromForm}` : ""}`));

const cityMovedSection: SectionBuilder<CityFacts> = (facts) =>
  listSection(
    WORDS.sections.moved(periodNoun(facts)),
    facts.moved.flatMap((standing) =>
      standing.moves.map(
        (move) => `${innovationLine(facts, standing)}: ${WORDS.move(STAGES[move.from], STAGES[move.to])} (${displayDate(move.date)})${move.backwards ? `, ${WORDS.movedBack}` : ""}`,
      ),
    ),
  );

const cityStalledSection: SectionBuilder<CityFacts> = (facts) =>
  listSection(
    WORDS.sections.stalled(facts.rules.stalledAfterDays),
    facts.stalled.map((standing) => `${innovationLine(facts, standing)}: ${STAGES[standing.stage]} sejak ${displayDate(standing.stageSince)} (${standing.daysInStage} hari)`),
  );

const finishedSection: SectionBuilder<CityFacts> = (facts) =>
  listSection(WORDS.sections.finished(periodNoun(facts)), facts.finished.map((standing) => innovationLine(facts, standing)));

const unitsWithoutSection: SectionBuilder<CityFacts> = ({ unitsWithout }) => listSection(WORDS.sections.unitsWithout, unitsWithout.map((unit) => unit.name));

const gapsSection: SectionBuilder<CityFacts> = ({ gaps }) =>
  listSection(WORDS.sections.gaps, gaps.map((unit) => `${unit.name}${unit.headName ? ` (kepala: ${unit.headName})` : ""}`));

/** Program activities running or coming up, under each of the MoU's four areas. */
const programsSection: SectionBuilder<CityFacts> = ({ programs, period }) => {
  const title = WORDS.sections.programs(PROGRAM_HORIZON_DAYS[period.kind]);
  const areas = (Object.keys(MOU_AREAS) as MouArea[]).map((area) => ({
    area: MOU_AREAS[area],
    lines: programs[area].map(
      ({ program, unitName: owner, ongoing }) =>
        `${program.name} (${owner}): ${displayDate(program.startDate)}${program.endDate !== program.startDate ? ` s.d. ${displayDate(program.endDate)}` : ""}${program.place ? `, ${program.place}` : ""}${ongoing ? `, ${WORDS.ongoing}` : ""}`,
    ),
  }));
  return {
    html: heading(title) + areas.map(({ area, lines }) => paragraph(`${area}:`) + (lines.length > 0 ? list(lines) : paragraph(WORDS.noPrograms, true))).join(""),
    text: [title.toUpperCase(), ...areas.map(({ area, lines }) => `${area}:\n${lines.length > 0 ? lines.map((line) => `- ${line}`).join("\n") : WORDS.noPrograms}\n`)],
  };
};

/** Whether the MoU with LAN RI holds and for how long; coordinators also read what to do. */
const mouSection: SectionBuilder<CityFacts> = ({ mou, audience }) => {
  const first = displayDate(mou.firstDay);
  const last = displayDate(mou.lastDay);
  const state =
    mou.state === "in_force" ? WORDS.mou.inForce(first, last, WORDS.mou.remaining(mou.remaining)) : mou.state === "ended" ? WORDS.mou.ended(first, last) : WORDS.mou.notYet(first, last);
  const endingSoon = mou.state === "in_force" && mou.remaining.years === 0 && mou.remaining.months < MOU_RENEWAL_NOTICE_MONTHS;
  const hint = audience !== "coordinators" ? null : mou.state === "ended" ? WORDS.mou.renewHint : endingSoon ? WORDS.mou.endingSoonHint(last) : null;
  return {
    html: heading(WORDS.sections.mou) + paragraph(state) + (hint ? paragraph(hint, true) : ""),
    text: [`${WORDS.sections.mou.toUpperCase()}\n${state}${hint ? `\n${hint}` : ""}\n`],
  };
};

const cityFooterSection: SectionBuilder<CityFacts> = (): Section => footerSection(WORDS.cityFooter);

/** The city email's sections, in order. */
export const CITY_SECTIONS: readonly SectionBuilder<CityFacts>[] = [
  cityIntroSection,
  cityFiguresSection,
  byStageSection,
  byUnitSection,
  newOnesSection,
  cityMovedSection,
  cityStalledSection,
  finishedSection,
  unitsWithoutSection,
  gapsSection,
  cityIidSection,
  programsSection,
  mouSection,
  cityFooterSection,
];

export function buildCitySummary(input: CitySummaryInput, sections: readonly SectionBuilder<CityFacts>[] = CITY_SECTIONS): CitySummary {
  const facts = cityFacts(input);
  const subject = WORDS.citySubject(WORDS.kindLabel[facts.period.kind], periodLabel(facts.period));
  const body = renderSections(sections, facts);
  return {
    subject,
    text: body.text,
    html: page(subject, body.html),
    figures: {
      innovations: facts.all.length,
      units: facts.liveUnits,
      newOnes: facts.newOnes.length,
      moved: facts.moved.length,
      stalled: facts.stalled.length,
      finished: facts.finished.length,
      unitsWithout: facts.unitsWithout.length,
      gaps: facts.gaps.length,
    },
  };
}
