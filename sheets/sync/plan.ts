// The sync planner, plain functions over plain data: which records a run must read, and, per
// row, the three-way merge of sheet, record and base into record writes and row problems.
// Conflict rule (deterministic): a field changed on both sides to different values takes the
// sheet's value; the record's value is kept in the audit entry (the write's "old" value and
// its note) and shown in the row's status cell.
import { iidEvidenceFields } from "../../src/iid/evidence.js";
import { innovationFields, programFields } from "../../src/model/schemas.js";
import { tahapanForStage } from "../../src/model/stages.js";
import type { Stage } from "../../src/model/vocabulary.js";
import { CELL_MESSAGES, STATUS, isProblemStatus } from "../layout/labels.js";
import type { Layout } from "../layout/columns.js";
import { columnKeyOf, creationDefaults, fieldsOf, idPrefix, type TargetKind } from "../layout/fields.js";
import { fieldHash } from "./hash.js";
import type { BaseState } from "./base.js";
import type { ParsedRow } from "./rows.js";

export type StoredRecord = Record<string, unknown> & { id: string; version: number; unitId: string; status: string };

export interface TargetScope {
  kind: TargetKind;
  units: "all" | string[];
}

export interface FieldProblem {
  field: string;
  column: string;
  message: string;
}

export interface Conflict {
  field: string;
  column: string;
  lost: unknown;
}

export interface PlannedUpdate {
  rowNumber: number;
  id: string;
  patch: Record<string, unknown>;
  expectedVersion: number;
  conflicts: Conflict[];
}

export interface PlannedCreate {
  rowNumber: number;
  id: string;
  fields: Record<string, unknown>;
  /** True when the row has no ID yet: the ID is written to the sheet before the record exists. */
  assignId: boolean;
}

export interface TargetPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  /** Records whose row disappeared: archived, never deleted. */
  archives: string[];
  /** Cell problems per row: those cells are not applied and keep their text. */
  problems: Map<number, FieldProblem[]>;
  /** Rows that only get a status text (duplicate or unknown ID, invalid new row). */
  statusOnly: Map<number, string>;
  /** Rows whose record must be rendered after the writes. */
  touched: Set<number>;
  /** Row number -> id, for rows that get a new ID this run. */
  assigned: Map<number, string>;
  /** Row number -> id, for rows whose ID staff changed or cleared: the ID is put back ("" clears a stray ID). */
  restoredIds: Map<number, string>;
}

export function inScope(scope: TargetScope, unitId: string): boolean {
  return scope.units === "all" || scope.units.includes(unitId);
}

export function looksLikeOurId(kind: TargetKind, id: string): boolean {
  return id.startsWith(idPrefix(kind)) && /^[A-Z]{3}-[A-Za-z0-9]{6,40}$/.test(id);
}

/** Rows whose record a run must read: anything changed in the sheet, new to the base, or with a problem to re-check. */
export function rowsNeedingRecords(rows: ParsedRow[], base: BaseState): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.id !== "" && (isProblemStatus(row.status) || base.differsFrom(row.id, row.hashes))) ids.add(row.id);
  }
  return [...ids];
}

function headerOf(kind: TargetKind, field: string): string {
  const key = columnKeyOf(field);
  return fieldsOf(kind).find((def) => def.key === key)?.header ?? field;
}

/** Checks a new record's fields as the store will, so that no ID is handed to a row that cannot be saved. */
export function checkNewRecord(kind: TargetKind, fields: Record<string, unknown>, today: string): FieldProblem[] {
  const result =
    kind === "innovations"
      ? innovationFields.safeParse({
          ...fields,
          stageHistory: [{ stage: fields.stage, start: today, finish: null, output: "", note: "" }],
          tahapan: fields.tahapanOverride ?? (typeof fields.stage === "string" ? tahapanForStage(fields.stage as Stage) : undefined),
        })
      : kind === "programs"
        ? programFields.safeParse(fields)
        : iidEvidenceFields.safeParse(fields);
  if (result.success) return [];
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (seen.has(field)) continue;
    seen.add(field);
    const missing = fields[field] === undefined;
    problems.push({ field, column: headerOf(kind, field), message: missing ? CELL_MESSAGES.required : issue.message });
  }
  return problems;
}

export interface PlanInput {
  scope: TargetScope;
  layout: Layout;
  rows: ParsedRow[];
  base: BaseState;
  /** Every record the run read (those the rows need and those changed since the last run). */
  records: Map<string, StoredRecord>;
  /** Ids of records changed in Firestore since the last run (or all, on a full run). */
  changedIds: Set<string>;
  newId: () => string;
  today: string;
}

/**
 * The fields of a record made from a row. A bad cell in an optional column is left out (and
 * reported, like on any row); only what the record cannot exist without blocks the creation.
 */
function newRecordFields(input: PlanInput, row: ParsedRow): { fields: Record<string, unknown>; problems: FieldProblem[]; blocking: FieldProblem[] } {
  const { scope, layout } = input;
  const fields: Record<string, unknown> = { ...creationDefaults(scope.kind) };
  const problems: FieldProblem[] = [];
  for (const { def } of layout.fields) {
    const value = row.values.get(def.key)!;
    if (row.blank.has(def.key) && (def.key in fields || def.key === "unitId" || def.key === "tahapan")) continue;
    if (!value.ok) problems.push({ field: def.key, column: def.header, message: value.message });
    else Object.assign(fields, def.patch(value.value));
  }
  if (fields.unitId === undefined && scope.units !== "all" && scope.units.length === 1) fields.unitId = scope.units[0];
  if (typeof fields.unitId === "string" && !inScope(scope, fields.unitId)) {
    problems.push({ field: "unitId", column: headerOf(scope.kind, "unitId"), message: "unit ini tidak termasuk lembar ini" });
    delete fields.unitId;
  }
  for (const problem of checkNewRecord(scope.kind, fields, input.today)) {
    if (!problems.some((known) => known.field === problem.field)) problems.push(problem);
    delete fields[problem.field];
  }
  // What is still refused once the bad values are left out is what the record needs to exist.
  const missing = new Set(checkNewRecord(scope.kind, fields, input.today).map((problem) => problem.field));
  const blocking = problems.filter((problem) => [...missing].some((field) => columnKeyOf(field) === problem.field));
  for (const field of missing) if (!blocking.some((problem) => problem.field === field)) blocking.push({ field, column: headerOf(scope.kind, field), message: CELL_MESSAGES.required });
  return { fields, problems, blocking };
}

/** The three-way merge of one row with its record. */
function mergeRow(input: PlanInput, row: ParsedRow, record: StoredRecord, plan: TargetPlan): void {
  const known = input.base.get(record.id);
  const patch: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const conflicts: Conflict[] = [];
  for (const { def } of input.layout.fields) {
    const sheetHash = row.hashes.get(def.key)!;
    const recordValue = def.read(record);
    const recordHash = fieldHash(recordValue);
    const baseHash = known?.hashes[def.key];
    // No base row at all (a row adopted after a crash, or put back): its filled cells count as
    // edits, its empty cells are filled from the record. A base without this field (a column
    // added later): the record fills the new column.
    const sheetChanged = known ? baseHash !== undefined && sheetHash !== baseHash : !row.blank.has(def.key) && sheetHash !== recordHash;
    if (!sheetChanged) continue;
    const value = row.values.get(def.key)!;
    if (!value.ok) {
      problems.push({ field: def.key, column: def.header, message: value.message });
      continue;
    }
    if (sheetHash === recordHash) continue;
    const recordChanged = known !== undefined && recordHash !== baseHash;
    if (recordChanged) conflicts.push({ field: def.key, column: def.header, lost: recordValue });
    Object.assign(patch, def.patch(value.value));
  }
  if ("stage" in patch && row.reason !== "") patch.stageMove = { reason: row.reason };
  if (problems.length > 0) plan.problems.set(row.rowNumber, problems);
  if (Object.keys(patch).length > 0) {
    plan.updates.push({ rowNumber: row.rowNumber, id: record.id, patch, expectedVersion: record.version, conflicts });
  }
}

export function planTarget(input: PlanInput): TargetPlan {
  const { scope, rows, base, records } = input;
  const plan: TargetPlan = {
    creates: [],
    updates: [],
    archives: [],
    problems: new Map(),
    statusOnly: new Map(),
    touched: new Set(),
    assigned: new Map(),
    restoredIds: new Map(),
  };

  // Duplicate IDs (a row copied with its ID, or an ID typed over another row's): the row that
  // still shows what the base last agreed for the record keeps it (rows move, so content tells
  // better than position); on a tie, the row where the base last saw it.
  const rowsById = new Map<string, ParsedRow>();
  const copies = new Map<string, ParsedRow[]>();
  for (const row of rows) {
    if (row.id === "") continue;
    const first = rowsById.get(row.id);
    if (!first) rowsById.set(row.id, row);
    else copies.set(row.id, [...(copies.get(row.id) ?? [first]), row]);
  }
  /** The row that keeps an ID several rows show (any other ID's row is its only one). */
  const chosen = new Map<string, ParsedRow>();
  for (const [id, group] of copies) {
    const known = base.get(id);
    const score = (row: ParsedRow) => (known ? sameFields(row, known).same * 2 + (row.rowNumber === known.row ? 1 : 0) : 0);
    const first = group.reduce((best, row) => (score(row) > score(best) ? row : best), group[0]!);
    chosen.set(id, first);
    for (const row of group) {
      if (row === first) continue;
      if (row.blank.size === input.layout.fields.length) {
        // A copy of the ID alone on an empty row (debris of a row moved away while its ID was
        // being written): cleared, so the row is blank again.
        plan.restoredIds.set(row.rowNumber, "");
        plan.statusOnly.set(row.rowNumber, "");
      } else plan.statusOnly.set(row.rowNumber, STATUS.duplicateId(first.rowNumber));
    }
  }
  const needed = new Set(rowsNeedingRecords(rows, base));
  /** Records of the base with no row in the sheet (in the base's order). */
  const missing = [...base.keys()].filter((id) => !rowsById.has(id));

  // An ID cell staff changed, cleared or copied over: the row is still its record's row. Put the
  // ID back instead of archiving the record and making a new one without its history.
  for (const [rowNumber, id] of editedIdRows(input, missing, (id) => chosen.get(id) ?? rowsById.get(id))) {
    const row = rows.find((candidate) => candidate.rowNumber === rowNumber)!;
    plan.restoredIds.set(rowNumber, id);
    plan.statusOnly.set(rowNumber, STATUS.idRestored(row.id));
  }

  for (const row of rows) {
    if (row.empty || plan.statusOnly.has(row.rowNumber)) continue;
    if (row.id === "") {
      const { fields, problems, blocking } = newRecordFields(input, row);
      if (blocking.length > 0) {
        plan.statusOnly.set(row.rowNumber, STATUS.problems(problems.length > 0 ? problems : blocking, true));
        continue;
      }
      if (problems.length > 0) plan.problems.set(row.rowNumber, problems);
      const id = input.newId();
      plan.assigned.set(row.rowNumber, id);
      plan.creates.push({ rowNumber: row.rowNumber, id, fields, assignId: true });
      plan.touched.add(row.rowNumber);
      continue;
    }
    if (!needed.has(row.id) && !input.changedIds.has(row.id)) continue;
    plan.touched.add(row.rowNumber);
    const record = records.get(row.id);
    if (!record) {
      // Only an ID left on an otherwise empty row (its row was deleted or moved away while a run
      // was writing the ID): debris, cleared so the row is blank again.
      if (row.blank.size === input.layout.fields.length && !base.has(row.id)) {
        plan.restoredIds.set(row.rowNumber, "");
        plan.statusOnly.set(row.rowNumber, "");
        continue;
      }
      // An ID written by an earlier run that stopped before the record was saved: save it now.
      if (!looksLikeOurId(scope.kind, row.id)) {
        plan.statusOnly.set(row.rowNumber, STATUS.unknownId);
        continue;
      }
      const { fields, problems, blocking } = newRecordFields(input, row);
      const all = [...problems, ...blocking.filter((problem) => !problems.includes(problem))];
      if (all.length > 0) plan.problems.set(row.rowNumber, all);
      if (blocking.length > 0) continue;
      plan.creates.push({ rowNumber: row.rowNumber, id: row.id, fields, assignId: false });
      continue;
    }
    if (!inScope(scope, record.unitId)) continue; // rendered as "belongs to another unit"
    mergeRow(input, row, record, plan);
  }

  const restored = new Set(plan.restoredIds.values());
  for (const id of missing) {
    if (restored.has(id)) continue;
    const record = records.get(id);
    if (record && !inScope(scope, record.unitId)) continue;
    plan.archives.push(id);
  }
  return plan;
}

/** How many field cells of a row still hold what the base last agreed for a record. */
function sameFields(row: ParsedRow, known: { hashes: Record<string, number> }): { same: number; of: number } {
  let same = 0;
  let of = 0;
  for (const [key, hash] of Object.entries(known.hashes)) {
    if (!row.hashes.has(key)) continue;
    of++;
    if (row.hashes.get(key) === hash) same++;
  }
  return { same, of };
}

/**
 * Rows whose ID cell no longer names the record the base saw there: a record missing from the
 * sheet, and exactly one row without a valid ID of its own (empty, unknown, or a copy of another
 * row's ID) that matches it on the name and all but at most one other field, and matches no other
 * missing record. Anything less clear is left as it was (new row, unknown ID, or archive).
 */
function editedIdRows(input: PlanInput, missing: string[], primaryOf: (id: string) => ParsedRow | undefined): Map<number, string> {
  const { rows, base } = input;
  if (missing.length === 0) return new Map();
  const candidates = rows.filter((row) => !row.empty && (row.id === "" || !base.has(row.id) || primaryOf(row.id) !== row));
  const matches = new Map<string, ParsedRow[]>();
  const byRow = new Map<number, string[]>();
  for (const id of missing) {
    const known = base.get(id)!;
    for (const row of candidates) {
      const { same, of } = sameFields(row, known);
      if (of < 2 || same < of - 1 || row.hashes.get("name") !== known.hashes.name) continue;
      matches.set(id, [...(matches.get(id) ?? []), row]);
      byRow.set(row.rowNumber, [...(byRow.get(row.rowNumber) ?? []), id]);
    }
  }
  const restored = new Map<number, string>();
  for (const [id, found] of matches) {
    if (found.length === 1 && byRow.get(found[0]!.rowNumber)!.length === 1) restored.set(found[0]!.rowNumber, id);
  }
  return restored;
}
