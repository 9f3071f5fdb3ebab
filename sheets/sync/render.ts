// After the record writes: what each touched row must show (the record's values, except cells
// with a problem, which keep what staff typed), its status text, rows for records new to the
// tab, and the base state to keep. Only cells whose value differs are written.
import { formatCell, type CellOutput, type UnitNames } from "../layout/cells.js";
import type { Layout } from "../layout/columns.js";
import { columnKeyOf } from "../layout/fields.js";
import { STATUS, isProblemStatus } from "../layout/labels.js";
import { valueHash } from "./hash.js";
import { inScope, type Conflict, type FieldProblem, type StoredRecord, type TargetPlan, type TargetScope } from "./plan.js";
import type { BaseRow, BaseState, ParsedRow } from "./rows.js";

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
  appended: number;
  /** Whether the base state differs from the one read. */
  baseChanged: boolean;
}

function formatConflict(value: unknown): string {
  const text = Array.isArray(value) ? value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ") : String(value ?? "");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function sameBase(a: BaseRow | undefined, b: BaseRow): boolean {
  if (!a || a.version !== b.version || a.row !== b.row) return false;
  const keys = Object.keys(b.hashes);
  return keys.length === Object.keys(a.hashes).length && keys.every((key) => a.hashes[key] === b.hashes[key]);
}

export function renderTarget(input: RenderInput): RenderResult {
  const { layout, rows, plan, records, units, scope } = input;
  const cells: CellWrite[] = [];
  const base: BaseState = new Map(input.base);
  let baseChanged = false;
  const setBase = (id: string, next: BaseRow): void => {
    if (!sameBase(base.get(id), next)) baseChanged = true;
    base.set(id, next);
  };
  const dropBase = (id: string): void => {
    if (base.delete(id)) baseChanged = true;
  };
  const setStatus = (row: ParsedRow | null, rowNumber: number, text: string): void => {
    if (row?.status !== text) cells.push({ row: rowNumber, column: layout.statusColumn, value: text });
  };
  const seenIds = new Set<string>();

  for (const row of rows) {
    const id = row.id || plan.assigned.get(row.rowNumber) || "";
    if (id !== "") seenIds.add(id);
    const only = plan.statusOnly.get(row.rowNumber);
    if (only !== undefined) {
      const restored = plan.restoredIds.get(row.rowNumber);
      if (restored !== undefined) {
        cells.push({ row: row.rowNumber, column: layout.idColumn, value: restored });
        seenIds.add(restored);
      }
      setStatus(row, row.rowNumber, only);
      continue;
    }
    if (row.empty || id === "") continue;
    if (!plan.touched.has(row.rowNumber) && !input.writtenIds.has(id)) continue;
    const outcome = input.outcomes.get(row.rowNumber);
    const record = records.get(id);
    const planned = plan.problems.get(row.rowNumber) ?? [];
    const problems = [...planned, ...(outcome?.problems ?? [])];
    if (!record) {
      setStatus(row, row.rowNumber, problems.length > 0 ? STATUS.problems(problems) : STATUS.retryLater);
      continue;
    }
    if (!inScope(scope, record.unitId)) {
      setStatus(row, row.rowNumber, STATUS.otherUnit(units.nameOf(record.unitId) ?? record.unitId));
      dropBase(id);
      continue;
    }
    if (outcome?.retry) {
      setStatus(row, row.rowNumber, STATUS.retryLater);
      continue;
    }
    const old = base.get(id);
    // Fields whose column is gone for now (a renamed header) keep their base, so nothing staff
    // typed there is lost when the column comes back.
    const hashes: Record<string, string> = { ...old?.hashes };
    const withProblem = new Set(problems.map((problem) => columnKeyOf(problem.field)));
    for (const { def, column } of layout.fields) {
      const value = def.read(record);
      const hash = valueHash(value);
      if (withProblem.has(def.key)) {
        // Keep the last agreed value as base, so the bad cell is checked again next run.
        hashes[def.key] = old?.hashes[def.key] ?? hash;
        continue;
      }
      if (row.hashes.get(def.key) !== hash) cells.push({ row: row.rowNumber, column, value: formatCell(def.cell, value, units) });
      hashes[def.key] = hash;
    }
    let status: string;
    if (problems.length > 0) status = STATUS.problems(problems);
    else if (outcome && outcome.conflicts.length > 0)
      status = STATUS.conflict(outcome.conflicts.map((conflict) => ({ column: conflict.column, lost: formatConflict(conflict.lost) })));
    else if (outcome?.created) status = STATUS.created;
    else status = row.status === "" || isProblemStatus(row.status) ? STATUS.ok : row.status;
    setStatus(row, row.rowNumber, status);
    setBase(id, { version: record.version, row: row.rowNumber, hashes });
  }

  for (const id of input.archived) dropBase(id);

  // Records of this tab's units that have no row yet (created by a form, the API or another tab).
  let nextRow = (rows.at(-1)?.rowNumber ?? 1) + 1;
  let appended = 0;
  const candidates = [...input.appendCandidates].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const record of candidates) {
    if (seenIds.has(record.id) || base.has(record.id) || input.archived.has(record.id)) continue;
    if (!inScope(scope, record.unitId) || record.status === "diarsipkan") continue;
    seenIds.add(record.id);
    const hashes: Record<string, string> = {};
    cells.push({ row: nextRow, column: layout.idColumn, value: record.id });
    for (const { def, column } of layout.fields) {
      const value = def.read(record);
      hashes[def.key] = valueHash(value);
      const output = formatCell(def.cell, value, units);
      if (output !== "") cells.push({ row: nextRow, column, value: output });
    }
    cells.push({ row: nextRow, column: layout.statusColumn, value: STATUS.ok });
    setBase(record.id, { version: record.version, row: nextRow, hashes });
    nextRow++;
    appended++;
  }
  return { cells, base, appended, baseChanged };
}
