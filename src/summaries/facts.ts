// The facts a summary states, worked out from records and a period by plain functions:
// where each innovation stands, what moved, what is stalled, which actions fall due.
import type { IidEvidence } from "../iid/evidence.js";
import type { IndicatorSet } from "../iid/indicators.js";
import type { AuditEntry, Innovation, Program, Unit } from "../model/schemas.js";
import type { StageHistoryEntry } from "../model/stages.js";
import type { MouArea, Stage } from "../model/vocabulary.js";
import { MOU_AREAS } from "../model/vocabulary.js";
import { addDaysTo, calendarDistance, daysBetween, dayOfInstant, type Period } from "./period.js";

/** Everything a summary is built from; loaded once per run (see load.ts). */
export interface SummaryData {
  units: Unit[];
  innovations: Innovation[];
  programs: Program[];
  /** Audit entries of innovations written during the period (for form proposals and finishes). */
  periodAudit: AuditEntry[];
  mou: MouTerm;
  /** The IID guide of the period's year and the evidence entered so far; absent, the emails leave IID out. */
  iid?: { indicators: IndicatorSet; evidence: IidEvidence[] };
}

export interface MouTerm {
  signed: string; // yyyy-MM-dd
  ends: string; // yyyy-MM-dd, the first day it no longer holds
}

export interface SummaryRules {
  stalledAfterDays: number;
  /** How far ahead action-plan items count as due. */
  dueWithinDays: number;
}

export const DEFAULT_RULES: SummaryRules = { stalledAfterDays: 30, dueWithinDays: 14 };

export interface StageMoveFact {
  from: Stage;
  to: Stage;
  date: string;
  backwards: boolean;
}

export interface DueAction {
  activity: string;
  personInCharge: string;
  dueDate: string;
  /** Negative when overdue. */
  daysLeft: number;
}

export interface InnovationStanding {
  innovation: Innovation;
  stage: Stage;
  stageSince: string;
  daysInStage: number;
  stalled: boolean;
  moves: StageMoveFact[];
  isNew: boolean;
  proposedViaForm: boolean;
  finished: boolean;
  dueActions: DueAction[];
}

const STAGE_INDEX: Record<Stage, number> = { drum_up: 0, diagnose: 1, design: 2, deliver: 3, display: 4, dokumentasi: 5 };

const inPeriod = (day: string, period: Period) => day >= period.start && day <= period.end;

/** Stage moves whose new stage began inside the period; the first entry is the creation, not a move. */
function movesIn(history: StageHistoryEntry[], period: Period): StageMoveFact[] {
  const moves: StageMoveFact[] = [];
  for (let index = 1; index < history.length; index++) {
    const entry = history[index]!;
    const previous = history[index - 1]!;
    if (!inPeriod(entry.start, period)) continue;
    moves.push({
      from: previous.stage,
      to: entry.stage,
      date: entry.start,
      backwards: STAGE_INDEX[entry.stage] < STAGE_INDEX[previous.stage],
    });
  }
  return moves;
}

function dueActionsOf(innovation: Innovation, asOf: string, rules: SummaryRules): DueAction[] {
  if (innovation.status === "selesai") return [];
  const horizon = addDaysTo(asOf, rules.dueWithinDays);
  return innovation.actionPlan
    .filter((item) => item.status !== "selesai" && item.dueDate !== null && item.dueDate < horizon)
    .map((item) => ({
      activity: item.activity,
      personInCharge: item.personInCharge,
      dueDate: item.dueDate!,
      daysLeft: daysBetween(asOf, item.dueDate!),
    }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/** Where every live (not archived) innovation stands at the end of the period. */
export function standings(data: SummaryData, period: Period, rules: SummaryRules): InnovationStanding[] {
  const createdViaForm = new Set<string>();
  const finishedInPeriod = new Set<string>();
  for (const entry of data.periodAudit) {
    if (entry.collection !== "innovations") continue;
    if (entry.action === "create" && entry.source === "form") createdViaForm.add(entry.recordId);
    if (entry.changes.some((change) => change.field === "status" && change.new === "selesai")) finishedInPeriod.add(entry.recordId);
  }
  return data.innovations
    .filter((innovation) => innovation.status !== "diarsipkan")
    .map((innovation) => {
      const current = innovation.stageHistory.at(-1)!;
      const daysInStage = Math.max(0, daysBetween(current.start, period.asOf));
      const moves = movesIn(innovation.stageHistory, period);
      const isNew = inPeriod(dayOfInstant(innovation.createdAt), period);
      return {
        innovation,
        stage: innovation.stage,
        stageSince: current.start,
        daysInStage,
        stalled: innovation.status === "aktif" && daysInStage >= rules.stalledAfterDays,
        moves,
        isNew,
        proposedViaForm: isNew && createdViaForm.has(innovation.id),
        finished:
          (finishedInPeriod.has(innovation.id) && innovation.status === "selesai") ||
          moves.some((move) => move.to === "dokumentasi"),
        dueActions: dueActionsOf(innovation, period.asOf, rules),
      };
    })
    .sort((a, b) => a.innovation.name.localeCompare(b.innovation.name, "id"));
}

export interface UpcomingProgram {
  program: Program;
  unitName: string;
  ongoing: boolean;
}

/** Program activities running or starting within `withinDays` of the period's end, by MoU area. */
export function upcomingPrograms(data: SummaryData, period: Period, withinDays: number): Record<MouArea, UpcomingProgram[]> {
  const horizon = addDaysTo(period.asOf, withinDays);
  const unitNames = new Map(data.units.map((unit) => [unit.id, unit.name]));
  const byArea = Object.fromEntries(Object.keys(MOU_AREAS).map((area) => [area, []])) as unknown as Record<MouArea, UpcomingProgram[]>;
  for (const program of data.programs) {
    if (program.status !== "rencana" && program.status !== "berjalan") continue;
    if (program.endDate < period.asOf || program.startDate >= horizon) continue;
    byArea[program.area].push({ program, unitName: unitNames.get(program.unitId) ?? program.unitId, ongoing: program.startDate < period.asOf });
  }
  for (const list of Object.values(byArea)) list.sort((a, b) => a.program.startDate.localeCompare(b.program.startDate));
  return byArea;
}

/** Whether the MoU holds on a day, and for how much longer: what leadership needs to know. */
export interface MouStanding {
  /** "in_force" on the day, "ended" after its term, "not_yet" before it was signed. */
  state: "in_force" | "ended" | "not_yet";
  /** The first and the last day of the term (`ends` is the first day it no longer holds). */
  firstDay: string;
  lastDay: string;
  /** Whole years, months and days from the day to the end of the term (all 0 unless in force). */
  remaining: { years: number; months: number; days: number };
}

export function mouStanding(term: MouTerm, day: string): MouStanding {
  const state = day < term.signed ? "not_yet" : day >= term.ends ? "ended" : "in_force";
  const remaining = state === "in_force" ? calendarDistance(day, term.ends) : { years: 0, months: 0, days: 0 };
  return { state, firstDay: term.signed, lastDay: addDaysTo(term.ends, -1), remaining };
}

/** Units that should get a summary: active, with at least one live innovation. */
export function unitsWithInnovations(data: SummaryData): Unit[] {
  const live = new Set(data.innovations.filter((innovation) => innovation.status !== "diarsipkan").map((innovation) => innovation.unitId));
  return data.units.filter((unit) => unit.status === "aktif" && live.has(unit.id)).sort((a, b) => a.name.localeCompare(b.name, "id"));
}
