// The weekly email to the head of one unit: a pure function of the records and the period.
// The facts are worked out once (unitFacts); each section of the email is a named builder in
// UNIT_SECTIONS, so a new section is one function and one line in that list.
import type { Unit } from "../model/schemas.js";
import { displayDate } from "../model/time.js";
import { STAGES, UNIT_KINDS } from "../model/vocabulary.js";
import { DEFAULT_RULES, standings, type DueAction, type InnovationStanding, type SummaryData, type SummaryRules } from "./facts.js";
import { badge, COLORS, escapeHtml, figures, link, page, paragraph, raw, type Html } from "./html.js";
import { periodLabel, type Period } from "./period.js";
import { textFigures } from "./plainText.js";
import { unitIidSection } from "./iidSections.js";
import { footerSection, itemsSection, listSection, renderSections, type Section, type SectionBuilder } from "./sections.js";
import { WORDS } from "./words.js";

export interface SummaryContent {
  subject: string;
  text: string;
  html: string;
}

export interface UnitSummary extends SummaryContent {
  figures: { innovations: number; moved: number; stalled: number; due: number; proposals: number };
}

export interface UnitSummaryInput {
  unit: Unit;
  data: SummaryData;
  period: Period;
  rules?: SummaryRules;
}

/** What one unit's email states, worked out once for all its sections. */
export interface UnitFacts {
  unit: Unit;
  data: SummaryData;
  period: Period;
  rules: SummaryRules;
  /** The unit's live innovations, by name. */
  mine: InnovationStanding[];
  moved: InnovationStanding[];
  stalled: InnovationStanding[];
  /** Action items overdue or due soon, earliest first. */
  due: { standing: InnovationStanding; action: DueAction }[];
  proposals: InnovationStanding[];
}

export function unitFacts(input: UnitSummaryInput): UnitFacts {
  const { unit, data, period } = input;
  const rules = input.rules ?? DEFAULT_RULES;
  const mine = standings(data, period, rules).filter((standing) => standing.innovation.unitId === unit.id);
  const due = mine
    .flatMap((standing) => standing.dueActions.map((action) => ({ standing, action })))
    .sort((a, b) => a.action.dueDate.localeCompare(b.action.dueDate));
  return {
    unit,
    data,
    period,
    rules,
    mine,
    moved: mine.filter((standing) => standing.moves.length > 0),
    stalled: mine.filter((standing) => standing.stalled),
    due,
    proposals: mine.filter((standing) => standing.proposedViaForm),
  };
}

function dueNote(daysLeft: number): string {
  if (daysLeft < 0) return WORDS.overdue(-daysLeft);
  if (daysLeft === 0) return WORDS.dueToday;
  return WORDS.dueIn(daysLeft);
}

const stageSince = (standing: InnovationStanding) => `${STAGES[standing.stage]} sejak ${displayDate(standing.stageSince)} (${standing.daysInStage} hari)`;

function statusNote(standing: InnovationStanding, stalledAfterDays: number): { text: string; html: Html | string } {
  const status = WORDS.statusLabel[standing.innovation.status] ?? "";
  if (standing.stalled) return { text: WORDS.stalledBadge, html: badge(WORDS.stalledBadge) };
  if (status) return { text: status, html: status };
  // A week's warning before an innovation counts as stalled.
  const daysLeft = stalledAfterDays - standing.daysInStage;
  if (standing.innovation.status === "aktif" && daysLeft <= 7) {
    const note = WORDS.stallingSoon(daysLeft);
    return { text: note, html: raw(`<span style="color:${COLORS.warn}">${escapeHtml(note)}</span>`) };
  }
  return { text: "", html: "" };
}

function figureList(facts: UnitFacts) {
  return [
    { label: WORDS.figures.innovations, value: facts.mine.length },
    { label: WORDS.figures.moved, value: facts.moved.length },
    { label: WORDS.figures.stalled, value: facts.stalled.length, warn: true },
    { label: WORDS.figures.due, value: facts.due.length, warn: true },
    { label: WORDS.figures.proposals, value: facts.proposals.length },
  ];
}

/** Greeting, what the email is about, and the way to the unit's spreadsheet. */
const unitIntroSection: SectionBuilder<UnitFacts> = ({ unit, mine, period }) => {
  const intro = WORDS.unitIntro(mine.length, unit.name, displayDate(period.asOf));
  const spreadsheet = unit.spreadsheetUrl;
  return {
    html: paragraph(WORDS.greeting(unit.headName)) + paragraph(intro) + paragraph(spreadsheet ? link(spreadsheet, WORDS.spreadsheetLink(unit.name)) : WORDS.noSpreadsheet),
    text: [
      WORDS.greeting(unit.headName),
      "",
      intro,
      WORDS.periodLine(periodLabel(period), UNIT_KINDS[unit.kind]),
      spreadsheet ? `${WORDS.spreadsheetLink(unit.name)}: ${spreadsheet}` : WORDS.noSpreadsheet,
      "",
    ],
  };
};

const unitFiguresSection: SectionBuilder<UnitFacts> = (facts) => ({ html: figures(figureList(facts)), text: [textFigures(figureList(facts)), ""] });

/** Every live innovation: its stage, since when, and a note when it is stalled or about to be. */
const standingSection: SectionBuilder<UnitFacts> = ({ mine, rules }) =>
  itemsSection(
    WORDS.sections.standing,
    mine.map((standing) => ({ title: standing.innovation.name, badge: statusNote(standing, rules.stalledAfterDays).html, detail: stageSince(standing) })),
    mine.map((standing) => {
      const note = statusNote(standing, rules.stalledAfterDays).text;
      return `${standing.innovation.name}: ${stageSince(standing)}${note ? ` [${note}]` : ""}`;
    }),
    WORDS.noInnovations,
  );

const unitMovedSection: SectionBuilder<UnitFacts> = ({ moved }) =>
  listSection(
    WORDS.sections.moved(WORDS.periodNoun.weekly),
    moved.flatMap((standing) =>
      standing.moves.map((move) => `${standing.innovation.name}: ${WORDS.move(STAGES[move.from], STAGES[move.to])} (${displayDate(move.date)})${move.backwards ? `, ${WORDS.movedBack}` : ""}`),
    ),
  );

const unitStalledSection: SectionBuilder<UnitFacts> = ({ stalled, rules }) =>
  listSection(WORDS.sections.stalled(rules.stalledAfterDays), stalled.map((standing) => `${standing.innovation.name}: ${stageSince(standing)}`));

/** Action-plan items overdue or falling due, with who carries them. */
const dueSection: SectionBuilder<UnitFacts> = ({ due, rules }) => {
  const person = (action: DueAction) => action.personInCharge || "-";
  return itemsSection(
    WORDS.sections.due(rules.dueWithinDays),
    due.map(({ standing, action }) => ({
      title: action.activity,
      badge: action.daysLeft < 0 ? badge(dueNote(action.daysLeft)) : dueNote(action.daysLeft),
      detail: `${standing.innovation.name}; ${WORDS.columns.personInCharge.toLowerCase()}: ${person(action)}; ${WORDS.columns.dueDate.toLowerCase()} ${displayDate(action.dueDate)}`,
    })),
    due.map(
      ({ standing, action }) =>
        `${action.activity} (${standing.innovation.name}; ${WORDS.columns.personInCharge.toLowerCase()}: ${person(action)}): ${displayDate(action.dueDate)}, ${dueNote(action.daysLeft)}`,
    ),
  );
};

const proposalsSection: SectionBuilder<UnitFacts> = ({ proposals }) =>
  listSection(
    WORDS.sections.proposals,
    proposals.map((standing) => `${standing.innovation.name}${standing.innovation.initiatorName ? ` (${WORDS.columns.proposer}: ${standing.innovation.initiatorName})` : ""}`),
  );

const unitFooterSection: SectionBuilder<UnitFacts> = (): Section => footerSection(WORDS.unitFooter);

/** The unit email's sections, in order. */
export const UNIT_SECTIONS: readonly SectionBuilder<UnitFacts>[] = [
  unitIntroSection,
  unitFiguresSection,
  standingSection,
  unitMovedSection,
  unitStalledSection,
  dueSection,
  proposalsSection,
  unitIidSection,
  unitFooterSection,
];

export function buildUnitSummary(input: UnitSummaryInput, sections: readonly SectionBuilder<UnitFacts>[] = UNIT_SECTIONS): UnitSummary {
  const facts = unitFacts(input);
  const subject = WORDS.unitSubject(facts.unit.name, periodLabel(facts.period));
  const body = renderSections(sections, facts);
  return {
    subject,
    text: body.text,
    html: page(subject, body.html),
    figures: { innovations: facts.mine.length, moved: facts.moved.length, stalled: facts.stalled.length, due: facts.due.length, proposals: facts.proposals.length },
  };
}
