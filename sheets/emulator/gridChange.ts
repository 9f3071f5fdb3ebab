// Moving parts of a tab: one routine that sends each cell to its new place and makes everything
// anchored to cells follow (formula references, protected ranges, merges, conditional formats,
// filters, banding, named ranges, row and column groups, charts, developer metadata).
// Google: "Developer metadata ... will remain associated at those locations as they move around
// and the spreadsheet is edited ... If the associated object is deleted its metadata is deleted
// too." (Sheets API v4 reference, spreadsheets.developerMetadata.)
import { quoteSheetTitle } from "./a1.js";
import { followCutInFormula, mapSpan, offsetFormula, renameSheetInFormula, shiftFormula, shiftFormulaCells, type AxisChange, type CellMap, type IndexMap } from "./formulaShift.js";
import type { Cell, JsonObject, SheetState, SpreadsheetState } from "./model.js";

export type { CellMap } from "./formulaShift.js";

export interface GridChange {
  sheet: SheetState;
  /** Grid size before the change, to resolve open-ended ranges. */
  rowCount: number;
  columnCount: number;
  cells: CellMap;
  /** Set when whole rows or columns moved: references and anchors follow along that axis. */
  axis?: AxisChange;
}

export function isFormula(cell: Cell | null | undefined): cell is Cell & { input: { value: { formulaValue: string } } } {
  return !!cell?.input.value && "formulaValue" in cell.input.value;
}

/** Puts `cell` at (r, c) in a dense rows array, filling the gap with empty rows and holes. */
export function placeCell(rows: (Cell | null)[][], r: number, c: number, cell: Cell | null): void {
  for (let i = rows.length; i <= r; i++) rows[i] = [];
  const line = rows[r]!;
  for (let i = line.length; i < c; i++) line[i] = null;
  line[c] = cell;
}

function moveCells(sheet: SheetState, map: CellMap): void {
  const next: (Cell | null)[][] = [];
  sheet.rows.forEach((line, r) => {
    line?.forEach((cell, c) => {
      if (!cell) return;
      const to = map(r, c);
      if (to) placeCell(next, to[0], to[1], cell);
    });
  });
  sheet.rows = next;
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** A GridRange after the change; undefined when all of it was deleted. Other tabs' ranges pass. */
export function changeGridRange(range: JsonObject, change: GridChange): JsonObject | undefined {
  if (((range.sheetId as number | undefined) ?? 0) !== change.sheet.properties.sheetId) return range;
  const out = { ...range };
  if (change.axis) {
    const rows = change.axis.dimension === "ROWS";
    const [startKey, endKey] = rows ? ["startRowIndex", "endRowIndex"] : ["startColumnIndex", "endColumnIndex"];
    const start = num(range[startKey!]);
    const end = num(range[endKey!]);
    if (start === undefined && end === undefined) return out;
    const span = mapSpan(change.axis.map, start ?? 0, end ?? (rows ? change.rowCount : change.columnCount));
    if (!span) return undefined;
    if (start !== undefined) out[startKey!] = span[0];
    if (end !== undefined) out[endKey!] = span[1];
    return out;
  }
  const [r0, r1, c0, c1] = [range.startRowIndex, range.endRowIndex, range.startColumnIndex, range.endColumnIndex].map(num);
  if (r0 === undefined || r1 === undefined || c0 === undefined || c1 === undefined) return out;
  const a = change.cells(r0, c0);
  const b = change.cells(r1 - 1, c1 - 1);
  if (a && b && a[0] - r0 === b[0] - (r1 - 1) && a[1] - c0 === b[1] - (c1 - 1)) {
    Object.assign(out, { startRowIndex: a[0], endRowIndex: b[0] + 1, startColumnIndex: a[1], endColumnIndex: b[1] + 1 });
  }
  return out;
}

/** A DimensionRange (groups, metadata anchors) after an axis change; undefined when deleted. */
export function changeDimensionRange(range: JsonObject, change: GridChange): JsonObject | undefined {
  if (!change.axis || ((range.sheetId as number | undefined) ?? 0) !== change.sheet.properties.sheetId) return range;
  if (((range.dimension as string | undefined) ?? "ROWS") !== change.axis.dimension) return range;
  const start = num(range.startIndex) ?? 0;
  const end = num(range.endIndex) ?? (change.axis.dimension === "ROWS" ? change.rowCount : change.columnCount);
  const span = mapSpan(change.axis.map, start, end);
  if (!span) return undefined;
  return { ...range, startIndex: span[0], endIndex: span[1] };
}

function keepRanges<T extends JsonObject>(items: T[] | undefined, key: string, change: GridChange): T[] | undefined {
  if (!items) return items;
  const out: T[] = [];
  for (const item of items) {
    const next = changeGridRange(item[key] as JsonObject, change);
    if (next) out.push({ ...item, [key]: next });
  }
  return out;
}

/** Shifts the formulas among a condition's values ("=Ref!A2:A9" in ONE_OF_RANGE, CUSTOM_FORMULA). */
function shiftConditionValues(condition: JsonObject | undefined, shift: (text: string) => string): void {
  for (const value of (condition?.values ?? []) as JsonObject[]) {
    const text = value.userEnteredValue;
    if (typeof text === "string" && text.startsWith("=")) value.userEnteredValue = shift(text);
  }
}

/** Applies a change to cells and to every anchor in the spreadsheet. */
export function applyGridChange(book: SpreadsheetState, change: GridChange): void {
  const target = change.sheet.properties.title;
  for (const sheet of book.sheets) {
    const own = sheet.properties.title;
    const shift = (text: string): string =>
      change.axis ? shiftFormula(text, own, target, change.axis) : shiftFormulaCells(text, own, target, change.cells);
    for (const line of sheet.rows) {
      for (const cell of line ?? []) {
        if (cell?.dataValidation) shiftConditionValues(cell.dataValidation.condition as JsonObject | undefined, shift);
        if (!isFormula(cell)) continue;
        const text = cell.input.value.formulaValue;
        const next = shift(text);
        if (next !== text) cell.input = { ...cell.input, value: { formulaValue: next } };
      }
    }
    // Validation and conditional-format formulas name cells too, and Google keeps them pointing
    // at the same cells.
    for (const rule of sheet.conditionalFormats) shiftConditionValues((rule.booleanRule as JsonObject | undefined)?.condition as JsonObject | undefined, shift);
  }
  moveCells(change.sheet, change.cells);
  for (const sheet of book.sheets) {
    sheet.protectedRanges = keepRanges(sheet.protectedRanges, "range", change)!;
    sheet.merges = sheet.merges.flatMap((m) => {
      const next = changeGridRange(m, change);
      return next ? [next] : [];
    });
    sheet.conditionalFormats = sheet.conditionalFormats.flatMap((rule) => {
      const ranges = ((rule.ranges ?? []) as JsonObject[]).flatMap((r) => {
        const next = changeGridRange(r, change);
        return next ? [next] : [];
      });
      return ranges.length > 0 ? [{ ...rule, ranges } as JsonObject] : [];
    });
    if (sheet.basicFilter) {
      const range = changeGridRange(sheet.basicFilter.range as JsonObject, change);
      if (range) sheet.basicFilter = { ...sheet.basicFilter, range };
      else delete sheet.basicFilter;
    }
    sheet.filterViews = keepRanges(sheet.filterViews, "range", change);
    sheet.bandedRanges = keepRanges(sheet.bandedRanges, "range", change);
    if (sheet.charts) sheet.charts = sheet.charts.map((chart) => chartAfter(chart, change));
    for (const key of ["rowGroups", "columnGroups"] as const) {
      const groups = sheet[key];
      if (groups) sheet[key] = groups.flatMap((g) => {
        const range = changeDimensionRange(g.range as JsonObject, change);
        return range ? [{ ...g, range }] : [];
      });
    }
  }
  if (book.namedRanges) book.namedRanges = keepRanges(book.namedRanges, "range", change);
  book.developerMetadata = book.developerMetadata.flatMap((meta) => {
    const range = meta.location.dimensionRange as JsonObject | undefined;
    if (!range) return [meta];
    const next = changeDimensionRange(range, change);
    return next ? [{ ...meta, location: { ...meta.location, dimensionRange: next } }] : [];
  });
}

/**
 * A chart after a change: its source ranges follow their cells like any GridRange; a series
 * whose cells were all deleted is dropped, silently, as a live run recorded for a deleted column
 * (mmedum/google-sheets-mcp, internal/gapi/sheetstest/chart.go); other ranges whose cells all
 * went are kept as they were. An overlay's anchor cell follows its row or
 * column; when that was deleted, the chart sits at the first line after the deleted ones (or
 * the last before them). Google
 * moves charts with their data and cells (as the Sheets UI shows); the exact rule for a deleted
 * anchor is not confirmed.
 */
function chartAfter(chart: JsonObject, change: GridChange): JsonObject {
  const follow = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(follow);
    if (!value || typeof value !== "object") return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value as JsonObject)) {
      out[key] = key === "sources" && Array.isArray(child) ? child.map((range) => changeGridRange(range as JsonObject, change) ?? range) : (follow(child) as JsonObject);
    }
    return out;
  };
  const spec = chart.spec as JsonObject | undefined;
  const basic = spec?.basicChart as JsonObject | undefined;
  const gone = (series: JsonObject): boolean => {
    const sources = (((series.series as JsonObject | undefined)?.sourceRange as JsonObject | undefined)?.sources ?? []) as JsonObject[];
    return sources.length > 0 && sources.every((range) => changeGridRange(range, change) === undefined);
  };
  const kept = basic && Array.isArray(basic.series) ? { ...spec, basicChart: { ...basic, series: (basic.series as JsonObject[]).filter((series) => !gone(series)) } } : spec;
  const next = { ...chart, spec: follow(kept) as JsonObject };
  const overlay = (chart.position as JsonObject | undefined)?.overlayPosition as JsonObject | undefined;
  const anchor = overlay?.anchorCell as JsonObject | undefined;
  if (!change.axis || !anchor || ((anchor.sheetId as number | undefined) ?? 0) !== change.sheet.properties.sheetId) return next;
  const key = change.axis.dimension === "ROWS" ? "rowIndex" : "columnIndex";
  const limit = change.axis.dimension === "ROWS" ? change.rowCount : change.columnCount;
  const start = num(anchor[key]) ?? 0;
  let moved = change.axis.map(start);
  for (let index = start + 1; moved === undefined && index < limit; index++) moved = change.axis.map(index);
  // Deleted to the end of the grid: the last line before them.
  for (let index = start - 1; moved === undefined && index >= 0; index--) moved = change.axis.map(index);
  const cell: JsonObject = { ...anchor, [key]: moved ?? 0 };
  if (cell[key] === 0) delete cell[key]; // a proto3 default, left out as Google does
  return { ...next, position: { overlayPosition: { ...overlay, anchorCell: cell } } };
}

/** Index map of inserting `count` rows or columns before `at`. */
export function insertMap(at: number, count: number): ((i: number) => number) & { monotonic: boolean } {
  return Object.assign((i: number): number => (i >= at ? i + count : i), { monotonic: true });
}

/** Index map of deleting [start, end). */
export function deleteMap(start: number, end: number): IndexMap {
  return Object.assign((i: number): number | undefined => (i < start ? i : i < end ? undefined : i - (end - start)), { monotonic: true });
}

/** Index map of moving [start, end) before `destination` (counted before the move, as Google does). */
export function moveMap(start: number, end: number, destination: number): (i: number) => number {
  const count = end - start;
  const at = destination > start ? destination - count : destination;
  return (i) => {
    if (i >= start && i < end) return at + (i - start);
    const rest = i >= end ? i - count : i; // index once the block is taken out
    return rest >= at ? rest + count : rest;
  };
}

/** Sends formulas that travel with a cell (copy, fill, sort) to their new place: relative refs move. */
export function travelledCell(cell: Cell, rows: number, cols: number): Cell {
  const copy = structuredClone(cell);
  if (isFormula(copy)) copy.input.value = { formulaValue: offsetFormula(copy.input.value.formulaValue, rows, cols) };
  return copy;
}

export function renameSheetReferences(book: SpreadsheetState, from: string, to: string): void {
  for (const sheet of book.sheets) {
    for (const line of sheet.rows) {
      for (const cell of line ?? []) {
        if (!isFormula(cell)) continue;
        const text = cell.input.value.formulaValue;
        const next = renameSheetInFormula(text, from, to, quoteSheetTitle);
        if (next !== text) cell.input = { ...cell.input, value: { formulaValue: next } };
      }
    }
  }
}

/**
 * A cut from one tab to another: references to the cut cells (from anywhere) follow them to the
 * target tab, and references inside the moved formulas that meant the source tab now name it.
 * Call before the cells move; `r1`/`c1` are exclusive.
 */
export function followCutToSheet(book: SpreadsheetState, source: SheetState, target: SheetState, block: { r0: number; r1: number; c0: number; c1: number }, dr: number, dc: number): void {
  const inside = (r: number, c: number): boolean => r >= block.r0 && r < block.r1 && c >= block.c0 && c < block.c1;
  for (const sheet of book.sheets) {
    sheet.rows.forEach((line, r) => {
      line?.forEach((cell, c) => {
        if (!isFormula(cell)) return;
        const moving = sheet === source && inside(r, c);
        const ownAfter = moving ? target : sheet;
        const text = cell.input.value.formulaValue;
        const next = followCutInFormula(text, sheet.properties.title, moving, { title: source.properties.title, ...block }, { title: target.properties.title, row: dr, col: dc, ownAfterIsTarget: ownAfter === target });
        if (next !== text) cell.input = { ...cell.input, value: { formulaValue: next } };
      });
    });
  }
}
