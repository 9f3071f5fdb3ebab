// The weekly email to the head of one unit: a pure function of the records and the period.
import type { Unit } from "../model/schemas.js";
import { displayDate } from "../model/time.js";
import { STAGES, UNIT_KINDS } from "../model/vocabulary.js";
import { DEFAULT_RULES, standings, type InnovationStanding, type SummaryData, type SummaryRules } from "./facts.js";
import { badge, COLORS, escapeHtml, figures, heading, link, list, page, paragraph, raw, table, type Html } from "./html.js";
import { periodLabel, type Period } from "./period.js";
import { textDocument, textFigures, textSection } from "./plainText.js";
import { WORDS } from "./words.js";

export interface SummaryContent {
  subject: string;
  text: string;
  html: string;
}

export interface UnitSummary extends SummaryContent {
  figures: { innovations: number; moved: number; stalled: number; due: number; proposals: number };
}

function dueNote(daysLeft: number): string {
  if (daysLeft < 0) return WORDS.overdue(-daysLeft);
  if (daysLeft === 0) return WORDS.dueToday;
  return WORDS.dueIn(daysLeft);
}

function moveText(standing: InnovationStanding): string[] {
  return standing.moves.map(
    (move) =>
      `${standing.innovation.name}: ${WORDS.move(STAGES[move.from], STAGES[move.to])} (${displayDate(move.date)})${move.backwards ? `, ${WORDS.movedBack}` : ""}`,
  );
}

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

export function buildUnitSummary(input: { unit: Unit; data: SummaryData; period: Period; rules?: SummaryRules }): UnitSummary {
  const { unit, data, period } = input;
  const rules = input.rules ?? DEFAULT_RULES;
  const unitName = unit.name;
  const mine = standings(data, period, rules).filter((standing) => standing.innovation.unitId === unit.id);
  const moved = mine.filter((standing) => standing.moves.length > 0);
  const stalled = mine.filter((standing) => standing.stalled);
  const due = mine.flatMap((standing) => standing.dueActions.map((action) => ({ standing, action })));
  due.sort((a, b) => a.action.dueDate.localeCompare(b.action.dueDate));
  const proposals = mine.filter((standing) => standing.proposedViaForm);
  const asOf = displayDate(period.asOf);
  const label = periodLabel(period);
  const subject = WORDS.unitSubject(unitName, label);

  const figureList = [
    { label: WORDS.figures.innovations, value: mine.length },
    { label: WORDS.figures.moved, value: moved.length },
    { label: WORDS.figures.stalled, value: stalled.length, warn: true },
    { label: WORDS.figures.due, value: due.length, warn: true },
    { label: WORDS.figures.proposals, value: proposals.length },
  ];
  const movedLines = moved.flatMap(moveText);
  const stalledLines = stalled.map(
    (standing) => `${standing.innovation.name}: ${STAGES[standing.stage]} sejak ${displayDate(standing.stageSince)} (${standing.daysInStage} hari)`,
  );
  const dueRows = due.map(({ standing, action }) => [
    action.activity,
    standing.innovation.name,
    action.personInCharge || "-",
    displayDate(action.dueDate),
    dueNote(action.daysLeft),
  ]);
  const proposalLines = proposals.map(
    (standing) => `${standing.innovation.name}${standing.innovation.initiatorName ? ` (${WORDS.columns.proposer}: ${standing.innovation.initiatorName})` : ""}`,
  );
  const spreadsheet = unit.spreadsheetUrl;
  const kindLabel = UNIT_KINDS[unit.kind];

  const htmlParts = [
    paragraph(WORDS.greeting(unit.headName)),
    paragraph(WORDS.unitIntro(mine.length, unitName, asOf)),
    paragraph(spreadsheet ? link(spreadsheet, WORDS.spreadsheetLink(unitName)) : WORDS.noSpreadsheet),
    figures(figureList),
    heading(WORDS.sections.standing),
    mine.length === 0
      ? paragraph(WORDS.noInnovations)
      : table(
          [WORDS.columns.innovation, WORDS.columns.stage, WORDS.columns.since, WORDS.columns.days, WORDS.columns.note],
          mine.map((standing) => [
            standing.innovation.name,
            STAGES[standing.stage],
            displayDate(standing.stageSince),
            standing.daysInStage,
            statusNote(standing, rules.stalledAfterDays).html,
          ]),
          [3],
        ),
    heading(WORDS.sections.moved(WORDS.periodNoun.weekly)),
    movedLines.length > 0 ? list(movedLines) : paragraph(WORDS.none, true),
    heading(WORDS.sections.stalled(rules.stalledAfterDays)),
    stalledLines.length > 0 ? list(stalledLines) : paragraph(WORDS.none, true),
    heading(WORDS.sections.due(rules.dueWithinDays)),
    dueRows.length > 0
      ? table([WORDS.columns.activity, WORDS.columns.innovation, WORDS.columns.personInCharge, WORDS.columns.dueDate, WORDS.columns.note], dueRows.map((row, index) => [...row.slice(0, 4), due[index]!.action.daysLeft < 0 ? badge(row[4]!) : row[4]!]))
      : paragraph(WORDS.none, true),
    heading(WORDS.sections.proposals),
    proposalLines.length > 0 ? list(proposalLines) : paragraph(WORDS.none, true),
    paragraph(raw("&nbsp;")),
    paragraph(WORDS.unitFooter, true),
  ];

  const text = textDocument([
    WORDS.greeting(unit.headName),
    "",
    WORDS.unitIntro(mine.length, unitName, asOf),
    WORDS.periodLine(label, kindLabel),
    spreadsheet ? `${WORDS.spreadsheetLink(unitName)}: ${spreadsheet}` : WORDS.noSpreadsheet,
    "",
    textFigures(figureList),
    "",
    textSection(
      WORDS.sections.standing,
      mine.map((standing) => {
        const note = statusNote(standing, rules.stalledAfterDays).text;
        return `${standing.innovation.name}: ${STAGES[standing.stage]} sejak ${displayDate(standing.stageSince)} (${standing.daysInStage} hari)${note ? ` [${note}]` : ""}`;
      }),
      WORDS.noInnovations,
    ),
    textSection(WORDS.sections.moved(WORDS.periodNoun.weekly), movedLines, WORDS.none),
    textSection(WORDS.sections.stalled(rules.stalledAfterDays), stalledLines, WORDS.none),
    textSection(
      WORDS.sections.due(rules.dueWithinDays),
      dueRows.map(([activity, innovation, person, date, note]) => `${activity} (${innovation}; ${WORDS.columns.personInCharge.toLowerCase()}: ${person}): ${date}, ${note}`),
      WORDS.none,
    ),
    textSection(WORDS.sections.proposals, proposalLines, WORDS.none),
    "--",
    WORDS.unitFooter,
  ]);

  return {
    subject,
    text,
    html: page(subject, htmlParts.join("")),
    figures: { innovations: mine.length, moved: moved.length, stalled: stalled.length, due: due.length, proposals: proposals.length },
  };
}
