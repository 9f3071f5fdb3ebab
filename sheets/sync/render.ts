// After the record writes: what each touched row must show (the record's values, except cells
// with a problem, which keep what staff typed), its status text, rows for records new to the
// tab, and the base state to keep. Only cells whose value differs are written.
import { formatCell, type CellOutput, type UnitNames } from "../layout/cells.js";
import type { Layout } from "../layout/columns.js";
import { columnKeyOf } from "../layout/fields.js";
import { STATUS, isProblemStatus } from "../layout/labels.js";
import { fieldHash } from "./hash.js";
import { inScope, type Conflict, type FieldProblem, type StoredRecord, type TargetPlan, type TargetScope } from "./plan.js";
import { sameBaseRow, type BaseRow, type BaseState } from "./base.js";
import type { ParsedRow } from "./rows.js";

export interface CellWrite {
  row: number; // 1-based
  column: number; // 0-based
  value: CellOutput;
}

/** What happened to a row's record writes. */
export interface RowOutcome {
  problems: FieldProblem[];
  conflicts: Conflict[];
  created: boolean;
  /** The write could not be made now (a concurrent change, an error): leave the row for the next run. */
  retry: boolean;
}

export interface RenderInput {
  scope: TargetScope;
  layout: Layout;
  rows: ParsedRow[];
  plan: TargetPlan;
  base: BaseState;
  /** Records as they are after this run's writes. */
  records: Map<string, StoredRecord>;
  outcomes: Map<number, RowOutcome>;
  /** Records written by this run (any target): their rows are refreshed even if they looked unchanged. */
  writtenIds: Set<string>;
  /** Records that may need a new row in this tab (changed since the last run, written now, or all on a full run). */
  appendCandidates: Iterable<StoredRecord>;
  archived: Set<string>;
  units: UnitNames;
}

export interface RenderResult {
  cells: CellWrite[];
  base: BaseState;
  /**
   * Records new to the tab, in the order of their rows below the last row read. Their cells are
   * rendered only when their rows are added (`addedRowLines`), a part at a time: 50,000 new rows
   * as cell objects took ~60 MB.
   */
  added: StoredRecord[];
  /** Whether the base state differs from the one read. */
  baseChanged: boolean;
}

function formatConflict(value: unknown): string {
  const text = Array.isArray(value) ? value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ") : String(value ?? "");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What rendering one tab builds up, step by step: the cell writes, the base, the IDs seen. */
class Rendering {
  readonly cells: CellWrite[] = [];
  readonly added: StoredRecord[] = [];
  readonly base: BaseState;
  readonly seenIds = new Set<string>();
  baseChanged = false;

  constructor(readonly input: RenderInput) {
    this.base = input.base.copy();
  }

  /** An unchanged row is not set again: the save serialises only buckets holding a row set since the copy (state.ts). */
  setBase(id: string, next: BaseRow): void {
    if (sameBaseRow(this.base.get(id), next)) return;
    this.baseChanged = true;
    this.base.set(id, next);
  }

  dropBase(id: string): void {
    if (this.base.delete(id)) this.baseChanged = true;
  }

  setStatus(row: ParsedRow | null, rowNumber: number, text: string): void {
    if (row?.status !== text) this.cells.push({ row: rowNumber, column: this.input.layout.statusColumn, value: text });
  }
}

export function renderTarget(input: RenderInput): RenderResult {
  const rendering = new Rendering(input);
  for (const row of input.rows) renderRow(rendering, row);
  for (const id of input.archived) rendering.dropBase(id);
  appendNewRecords(rendering);
  return { cells: rendering.cells, base: rendering.base, added: rendering.added, baseChanged: rendering.baseChanged };
}

/** Step 1, per existing row: its status alone, nothing, or the record's values and status. */
function renderRow(rendering: Rendering, row: ParsedRow): void {
  const { plan, records, scope, units } = rendering.input;
  const id = row.id || plan.assigned.get(row.rowNumber) || "";
  if (id !== "") rendering.seenIds.add(id);
  const only = plan.statusOnly.get(row.rowNumber);
  if (only !== undefined) {
    const restored = plan.restoredIds.get(row.rowNumber);
    if (restored !== undefined) {
      rendering.cells.push({ row: row.rowNumber, column: rendering.input.layout.idColumn, value: restored });
      rendering.seenIds.add(restored);
    }
    rendering.setStatus(row, row.rowNumber, only);
    return;
  }
  if (row.empty || id === "") return;
  if (!plan.touched.has(row.rowNumber) && !rendering.input.writtenIds.has(id)) return;
  const outcome = rendering.input.outcomes.get(row.rowNumber);
  const record = records.get(id);
  const problems = [...(plan.problems.get(row.rowNumber) ?? []), ...(outcome?.problems ?? [])];
  if (!record) {
    rendering.setStatus(row, row.rowNumber, problems.length > 0 ? STATUS.problems(problems) : STATUS.retryLater);
    return;
  }
  if (!inScope(scope, record.unitId)) {
    rendering.setStatus(row, row.rowNumber, STATUS.otherUnit(units.nameOf(record.unitId) ?? record.unitId));
    rendering.dropBase(id);
    return;
  }
  if (outcome?.retry) {
    rendering.setStatus(row, row.rowNumber, STATUS.retryLater);
    return;
  }
  const hashes = writeRecordCells(rendering, row, record, problems);
  rendering.setStatus(row, row.rowNumber, rowStatus(row, problems, outcome));
  rendering.setBase(id, { version: record.version, row: row.rowNumber, hashes });
}

/** Step 2, per refreshed row: the cells that differ from the record, and the row's new base hashes. */
function writeRecordCells(rendering: Rendering, row: ParsedRow, record: StoredRecord, problems: FieldProblem[]): Record<string, number> {
  const { layout, units } = rendering.input;
  const old = rendering.base.get(record.id);
  // Fields whose column is gone for now (a renamed header) keep their base, so nothing staff
  // typed there is lost when the column comes back.
  const hashes: Record<string, number> = { ...old?.hashes };
  const withProblem = new Set(problems.map((problem) => columnKeyOf(problem.field)));
  for (const { def, column } of layout.fields) {
    const value = def.read(record);
    const hash = fieldHash(value);
    if (withProblem.has(def.key)) {
      // Keep the last agreed value as base, so the bad cell is checked again next run.
      hashes[def.key] = old?.hashes[def.key] ?? hash;
      continue;
    }
    if (row.hashes.get(def.key) !== hash) rendering.cells.push({ row: row.rowNumber, column, value: formatCell(def.cell, value, units) });
    hashes[def.key] = hash;
  }
  return hashes;
}

/** Step 3, per refreshed row: its status text (problems, then conflicts, then created, else ok or as staff left it). */
function rowStatus(row: ParsedRow, problems: FieldProblem[], outcome: RowOutcome | undefined): string {
  if (problems.length > 0) return STATUS.problems(problems);
  if (outcome && outcome.conflicts.length > 0) return STATUS.conflict(outcome.conflicts.map((conflict) => ({ column: conflict.column, lost: formatConflict(conflict.lost) })));
  if (outcome?.created) return STATUS.created;
  return row.status === "" || isProblemStatus(row.status) ? STATUS.ok : row.status;
}

/** Step 4: records of this tab's units that have no row yet (created by a form, the API or another tab), below the last row. */
function appendNewRecords(rendering: Rendering): void {
  const { layout, scope, archived, rows } = rendering.input;
  let nextRow = (rows.at(-1)?.rowNumber ?? 1) + 1;
  const candidates = [...rendering.input.appendCandidates].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const record of candidates) {
    if (rendering.seenIds.has(record.id) || rendering.base.has(record.id) || archived.has(record.id)) continue;
    if (!inScope(scope, record.unitId) || record.status === "diarsipkan") continue;
    rendering.seenIds.add(record.id);
    const hashes: Record<string, number> = {};
    for (const { def } of layout.fields) hashes[def.key] = fieldHash(def.read(record));
    rendering.added.push(record);
    rendering.setBase(record.id, { version: record.version, row: nextRow, hashes });
    nextRow++;
  }
}

/**
 * The cells of added rows as lines of a tab whose columns are `columns` (the tab as read right
 * before the rows are added): the ID, every field the run rendered (`fields`, the layout of the
 * run's read) and the status "✓ Tersinkron". A field whose column is gone since is left out;
 * columns nobody maps stay empty (null).
 */
export function* addedRowLines(records: Iterable<StoredRecord>, fields: Layout["fields"], columns: Layout, units: UnitNames): Generator<(CellOutput | null)[]> {
  const placed = fields.flatMap(({ def }) => {
    const column = columns.fields.find((field) => field.def.key === def.key)?.column;
    return column === undefined ? [] : [{ def, column }];
  });
  const width = Math.max(1, columns.width);
  for (const record of records) {
    const line: (CellOutput | null)[] = new Array<CellOutput | null>(width).fill(null);
    line[columns.idColumn] = record.id;
    for (const { def, column } of placed) {
      const output = formatCell(def.cell, def.read(record), units);
      if (output !== "") line[column] = output;
    }
    line[columns.statusColumn] = STATUS.ok;
    yield line;
  }
}
