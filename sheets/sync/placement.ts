// Where a run's cell writes land in a sheet that staff are working in. A write is planned
// against the sheet as read at the run's start, but is anchored to its row's record ID (or, for
// a new row without an ID yet, to the row's content) and to its column's field, never to a row
// or column number. Right before writing, the anchors are found again in a fresh read; a cell
// that staff changed since the start is left alone (their value is merged by the next run).
// After writing, the write's echo (or a read) shows whether each row was still where we put it
// at that moment; a value that landed on another row is put back and written again.
import type { CellOutput, CellValue } from "../layout/cells.js";
import type { Layout } from "../layout/columns.js";
import type { CellWrite } from "./render.js";

/** The row a write is meant for. */
export type Anchor =
  /** `name`: for a row whose ID we put back, its name at the read, to tell it at write time. */
  | { kind: "id"; id: string; row: number; name?: string }
  /** A row without an ID (staff's new row): found again by its field cells. */
  | { kind: "content"; content: string; row: number };

/** A column by what it holds: a field key, or one of labinov's control columns. */
export type ColumnKey = string;
export const ID_COLUMN: ColumnKey = "#id";
export const STATUS_COLUMN: ColumnKey = "#status";

export interface AnchoredWrite {
  anchor: Anchor;
  column: ColumnKey;
  value: CellOutput;
  /** The cell as it was when the run read it: a different value now means staff changed it. */
  before: CellValue;
  /** Control cells (status) are labinov's own: written whatever they hold now. */
  force?: boolean;
  /** Other values the cell may hold instead of `before` (our own misplaced value, to be replaced). */
  accept?: CellValue[];
}

/** The same row and column, whatever the write's value. */
export function sameTarget(a: AnchoredWrite, b: AnchoredWrite): boolean {
  if (a.column !== b.column || a.anchor.kind !== b.anchor.kind) return false;
  return a.anchor.kind === "id" ? a.anchor.id === (b.anchor as { id: string }).id : a.anchor.content === (b.anchor as { content: string }).content;
}

export interface Tab {
  layout: Layout;
  values: readonly (readonly CellValue[])[];
}

export interface Placement {
  /** Concrete cells to write now, each with the write it came from. */
  cells: { cell: CellWrite; write: AnchoredWrite }[];
  /** Already holding the value (an earlier attempt landed, or both sides agree). */
  done: AnchoredWrite[];
  /** Not written: the row is gone, or staff changed the cell or the columns since the run read them. */
  dropped: AnchoredWrite[];
}

function text(cell: CellValue): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

export function sameCell(a: CellValue, b: CellValue): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return text(a) === text(b);
}

/** Column number -> what it holds, for the columns labinov writes. */
export function columnKeys(layout: Layout): Map<number, ColumnKey> {
  const keys = new Map<number, ColumnKey>(layout.fields.map(({ def, column }) => [column, def.key]));
  keys.set(layout.idColumn, ID_COLUMN);
  keys.set(layout.statusColumn, STATUS_COLUMN);
  return keys;
}

export function columnOf(layout: Layout, key: ColumnKey): number | null {
  if (key === ID_COLUMN) return layout.idColumn;
  if (key === STATUS_COLUMN) return layout.statusColumn;
  return layout.fields.find((field) => field.def.key === key)?.column ?? null;
}

/** A row's field cells by field key: what identifies a row that has no ID yet. */
export function contentOf(layout: Layout, cells: readonly CellValue[]): string {
  return JSON.stringify(
    layout.fields
      .map(({ def, column }) => [def.key, text(cells[column])])
      .sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}

export function usable(layout: Layout): boolean {
  return layout.missing.length === 0 && layout.duplicates.length === 0;
}

/** Finds each anchor's row in a tab (1-based row numbers), the one nearest where it was when ambiguous. */
export function locateRows(tab: Tab, anchors: Anchor[]): Map<Anchor, number | null> {
  const byId = new Map<string, number[]>();
  const byContent = new Map<string, number[]>();
  tab.values.forEach((cells, index) => {
    if (index === 0) return;
    const id = text(cells[tab.layout.idColumn]);
    if (id !== "") byId.set(id, [...(byId.get(id) ?? []), index + 1]);
    else {
      const content = contentOf(tab.layout, cells);
      byContent.set(content, [...(byContent.get(content) ?? []), index + 1]);
    }
  });
  const found = new Map<Anchor, number | null>();
  for (const anchor of anchors) {
    const candidates = anchor.kind === "id" ? byId.get(anchor.id) : byContent.get(anchor.content);
    if (!candidates || candidates.length === 0) {
      found.set(anchor, null);
      continue;
    }
    found.set(anchor, candidates.reduce((best, row) => (Math.abs(row - anchor.row) < Math.abs(best - anchor.row) ? row : best)));
  }
  return found;
}

/** Where each write goes in the sheet as it is now. */
export function placeWrites(fresh: Tab, writes: AnchoredWrite[]): Placement {
  const placement: Placement = { cells: [], done: [], dropped: [] };
  if (!usable(fresh.layout)) return { ...placement, dropped: [...writes] };
  const rows = locateRows(fresh, [...new Set(writes.map((write) => write.anchor))]);
  // A new row that already carries the ID we are about to give it: an earlier attempt landed
  // (its answer lost). Found by that ID and the same content, so a misplaced copy never counts.
  const landedRow = new Map<Anchor, number>();
  for (const write of writes) {
    if (write.column !== ID_COLUMN || write.anchor.kind !== "content") continue;
    const anchor = write.anchor;
    const hit = fresh.values.findIndex((cells, index) => index > 0 && text(cells[fresh.layout.idColumn]) === String(write.value) && contentOf(fresh.layout, cells) === anchor.content);
    if (hit > 0) landedRow.set(anchor, hit + 1);
  }
  for (const write of writes) {
    const row = landedRow.get(write.anchor) ?? rows.get(write.anchor) ?? null;
    const column = columnOf(fresh.layout, write.column);
    if (row === null || column === null || column < 0) {
      placement.dropped.push(write);
      continue;
    }
    const current = fresh.values[row - 1]?.[column];
    if (sameCell(current, write.value)) placement.done.push(write);
    else if (write.force || sameCell(current, write.before) || write.accept?.some((value) => sameCell(current, value))) placement.cells.push({ cell: { row, column, value: write.value }, write });
    else placement.dropped.push(write);
  }
  return placement;
}

/** Whether a written row, as echoed at write time, was the row its writes were meant for. */
export function landedOnItsRow(layout: Layout, written: AnchoredWrite[], echoed: readonly CellValue[]): boolean {
  const anchor = written[0]!.anchor;
  const echoedId = text(echoed[layout.idColumn]);
  const idWrite = written.find((write) => write.column === ID_COLUMN);
  // A row whose ID we put back shows that ID now, whichever row it landed on: its name tells.
  if (anchor.kind === "id") {
    if (!idWrite) return echoedId === anchor.id;
    return echoedId === String(idWrite.value) && (anchor.name === undefined || rowName(layout, echoed) === anchor.name);
  }
  if (idWrite && echoedId !== String(idWrite.value)) return false;
  // We write only the ID and status of a new row: its other cells are still its own. Staff may
  // have typed in it meanwhile, so the row is recognised by its name (a move brings another row,
  // with another name, under the written cells).
  const name = (JSON.parse(anchor.content) as [string, string][]).find(([key]) => key === "name")?.[1] ?? "";
  return rowName(layout, echoed) === name;
}

/** A row's name cell, which tells rows apart when their IDs cannot. */
export function rowName(layout: Layout, cells: readonly CellValue[]): string {
  const column = layout.fields.find((field) => field.def.key === "name")?.column;
  return column === undefined ? "" : text(cells[column]);
}
