// The weekly or monthly email to the lab's coordinators and leadership: the whole lab at a
// glance. A pure function of the records and the period.
import { displayDate } from "../model/time.js";
import { MOU_AREAS, STAGES, type MouArea, type Stage } from "../model/vocabulary.js";
import { DEFAULT_RULES, mouProgress, standings, upcomingPrograms, unitsWithInnovations, type SummaryData, type SummaryRules } from "./facts.js";
import { bar, COLORS, figures, heading, list, page, paragraph, raw, table } from "./html.js";
import { periodLabel, type Period } from "./period.js";
import { textDocument, textFigures, textSection } from "./plainText.js";
import type { SummaryContent } from "./unitSummary.js";
import { WORDS } from "./words.js";

export interface CitySummary extends SummaryContent {
  figures: { innovations: number; units: number; newOnes: number; moved: number; stalled: number; finished: number; unitsWithout: number; gaps: number };
}

const STAGE_KEYS = Object.keys(STAGES) as Stage[];
/** How far ahead program activities are listed: the next period and a little more. */
const PROGRAM_HORIZON_DAYS = { weekly: 14, monthly: 31 } as const;

export function buildCitySummary(input: { data: SummaryData; period: Period; rules?: SummaryRules }): CitySummary {
  const { data, period } = input;
  const rules = input.rules ?? DEFAULT_RULES;
  const all = standings(data, period, rules);
  const unitName = new Map(data.units.map((unit) => [unit.id, unit.name]));
  const nameOf = (unitId: string) => unitName.get(unitId) ?? unitId;
  const periodNoun = WORDS.periodNoun[period.kind];
  const label = periodLabel(period);
  const asOf = displayDate(period.asOf);
  const subject = WORDS.citySubject(WORDS.kindLabel[period.kind], label);

  // Innovations per unit and stage.
  const withInnovations = unitsWithInnovations(data);
  const counts = new Map<string, Record<Stage, number>>();
  for (const standing of all) {
    const row = counts.get(standing.innovation.unitId) ?? (Object.fromEntries(STAGE_KEYS.map((stage) => [stage, 0])) as Record<Stage, number>);
    row[standing.stage] += 1;
    counts.set(standing.innovation.unitId, row);
  }
  const unitRows = [...counts.entries()]
    .map(([unitId, row]) => ({ unitId, name: nameOf(unitId), row, total: STAGE_KEYS.reduce((sum, stage) => sum + row[stage], 0) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, "id"));
  const maxTotal = Math.max(1, ...unitRows.map((row) => row.total));
  const stageTotals = STAGE_KEYS.map((stage) => ({ stage, count: all.filter((standing) => standing.stage === stage).length }));
  const maxStage = Math.max(1, ...stageTotals.map((entry) => entry.count));

  const newOnes = all.filter((standing) => standing.isNew);
  const moved = all.filter((standing) => standing.moves.length > 0);
  const stalled = all.filter((standing) => standing.stalled);
  const finished = all.filter((standing) => standing.finished);
  const liveUnitIds = new Set(all.map((standing) => standing.innovation.unitId));
  const unitsWithout = data.units
    .filter((unit) => unit.status === "aktif" && !liveUnitIds.has(unit.id))
    .sort((a, b) => a.name.localeCompare(b.name, "id"));
  const gaps = withInnovations.filter((unit) => !unit.headEmail);
  const programs = upcomingPrograms(data, period, PROGRAM_HORIZON_DAYS[period.kind]);
  const mou = mouProgress(data.mou, period.asOf);

  const line = (standing: (typeof all)[number]) => `${standing.innovation.name} (${nameOf(standing.innovation.unitId)})`;
  const movedLines = moved.flatMap((standing) =>
    standing.moves.map((move) => `${line(standing)}: ${WORDS.move(STAGES[move.from], STAGES[move.to])} (${displayDate(move.date)})${move.backwards ? `, ${WORDS.movedBack}` : ""}`),
  );
  const stalledLines = stalled.map((standing) => `${line(standing)}: ${STAGES[standing.stage]} sejak ${displayDate(standing.stageSince)} (${standing.daysInStage} hari)`);
  const newLines = newOnes.map((standing) => `${line(standing)}${standing.proposedViaForm ? ", usulan dari formulir" : ""}`);
  const finishedLines = finished.map(line);
  const gapLines = gaps.map((unit) => `${unit.name}${unit.headName ? ` (kepala: ${unit.headName})` : ""}`);
  const programLines = (area: MouArea) =>
    programs[area].map(
      ({ program, unitName: owner, ongoing }) =>
        `${program.name} (${owner}): ${displayDate(program.startDate)}${program.endDate !== program.startDate ? ` s.d. ${displayDate(program.endDate)}` : ""}${program.place ? `, ${program.place}` : ""}${ongoing ? `, ${WORDS.ongoing}` : ""}`,
    );
  const mouText = mou.ended
    ? WORDS.mouEnded(displayDate(mou.term.signed), displayDate(mou.term.ends), mou.daysSinceEnd)
    : WORDS.mouRunning(displayDate(mou.term.signed), displayDate(mou.term.ends), Math.round(mou.elapsed * 100), mou.daysLeft);

  const figureList = [
    { label: WORDS.figures.innovations, value: all.length },
    { label: WORDS.figures.newOnes, value: newOnes.length },
    { label: WORDS.figures.moved, value: moved.length },
    { label: WORDS.figures.stalled, value: stalled.length, warn: true },
    { label: WORDS.figures.finished, value: finished.length },
    { label: WORDS.figures.unitsWithout, value: unitsWithout.length, warn: true },
  ];
  const orNone = (lines: string[]) => (lines.length > 0 ? list(lines) : paragraph(WORDS.none, true));

  const html = [
    paragraph(WORDS.cityGreeting),
    paragraph(WORDS.cityIntro(all.length, liveUnitIds.size, asOf)),
    figures(figureList),
    heading(WORDS.sections.byStage),
    table(
      [WORDS.columns.stage, WORDS.columns.count, ""],
      stageTotals.map(({ stage, count }) => [STAGES[stage], count, bar(count / maxStage)]),
      [1],
    ),
    heading(WORDS.sections.byUnit),
    unitRows.length === 0
      ? paragraph(WORDS.none, true)
      : table(
          [WORDS.columns.unit, ...STAGE_KEYS.map((stage) => STAGES[stage]), WORDS.columns.total, ""],
          unitRows.map(({ name, row, total }) => [name, ...STAGE_KEYS.map((stage) => (row[stage] === 0 ? "" : row[stage])), total, bar(total / maxTotal, COLORS.accent, 40)]),
          [1, 2, 3, 4, 5, 6, 7],
          { compact: true },
        ),
    heading(WORDS.sections.newOnes(periodNoun)),
    orNone(newLines),
    heading(WORDS.sections.moved(periodNoun)),
    orNone(movedLines),
    heading(WORDS.sections.stalled(rules.stalledAfterDays)),
    orNone(stalledLines),
    heading(WORDS.sections.finished(periodNoun)),
    orNone(finishedLines),
    heading(WORDS.sections.unitsWithout),
    orNone(unitsWithout.map((unit) => unit.name)),
    heading(WORDS.sections.gaps),
    orNone(gapLines),
    heading(WORDS.sections.programs(PROGRAM_HORIZON_DAYS[period.kind])),
    ...(Object.keys(MOU_AREAS) as MouArea[]).flatMap((area) => {
      const lines = programLines(area);
      return [paragraph(`${MOU_AREAS[area]}:`), lines.length > 0 ? list(lines) : paragraph(WORDS.noPrograms, true)];
    }),
    heading(WORDS.sections.mou),
    paragraph(mouText),
    paragraph(raw(`${Math.round(mou.elapsed * 100)}% ${bar(mou.elapsed, mou.ended ? COLORS.warn : COLORS.accent, 300).html}`)),
    mou.ended ? paragraph(WORDS.mouRenewHint, true) : "",
    paragraph(WORDS.cityFooter, true),
  ].join("");

  const text = textDocument([
    WORDS.cityGreeting,
    "",
    WORDS.cityIntro(all.length, liveUnitIds.size, asOf),
    WORDS.periodLine(label),
    "",
    textFigures(figureList),
    "",
    textSection(WORDS.sections.byStage, stageTotals.map(({ stage, count }) => `${STAGES[stage]}: ${count}`), WORDS.none),
    textSection(
      WORDS.sections.byUnit,
      unitRows.map(({ name, row, total }) => `${name}: ${total} (${STAGE_KEYS.filter((stage) => row[stage] > 0).map((stage) => `${STAGES[stage]} ${row[stage]}`).join(", ")})`),
      WORDS.none,
    ),
    textSection(WORDS.sections.newOnes(periodNoun), newLines, WORDS.none),
    textSection(WORDS.sections.moved(periodNoun), movedLines, WORDS.none),
    textSection(WORDS.sections.stalled(rules.stalledAfterDays), stalledLines, WORDS.none),
    textSection(WORDS.sections.finished(periodNoun), finishedLines, WORDS.none),
    textSection(WORDS.sections.unitsWithout, unitsWithout.map((unit) => unit.name), WORDS.none),
    textSection(WORDS.sections.gaps, gapLines, WORDS.none),
    `${WORDS.sections.programs(PROGRAM_HORIZON_DAYS[period.kind]).toUpperCase()}`,
    ...(Object.keys(MOU_AREAS) as MouArea[]).map((area) => {
      const lines = programLines(area);
      return `${MOU_AREAS[area]}:\n${lines.length > 0 ? lines.map((entry) => `- ${entry}`).join("\n") : WORDS.noPrograms}\n`;
    }),
    textSection(WORDS.sections.mou, [mouText, ...(mou.ended ? [WORDS.mouRenewHint] : [])], ""),
    "--",
    WORDS.cityFooter,
  ]);

  return {
    subject,
    text,
    html: page(subject, html),
    figures: {
      innovations: all.length,
      units: liveUnitIds.size,
      newOnes: newOnes.length,
      moved: moved.length,
      stalled: stalled.length,
      finished: finished.length,
      unitsWithout: unitsWithout.length,
      gaps: gaps.length,
    },
  };
}
