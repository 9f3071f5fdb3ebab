// Request kinds that move cells: insert, delete and move rows or columns, insert and delete
// ranges, sort, cut, copy, fill, shuffle and de-duplicate. Cells travel whole (value, format,
// note, validation) and anchors follow through gridChange.ts.
import { applyGridChange, deleteMap, followCutToSheet, insertMap, isFormula, moveMap, placeCell, travelledCell, type CellMap } from "./gridChange.js";
import { computeCell, getCell, type Cell, type JsonObject, type SheetState, type SpreadsheetState } from "./model.js";
import type { Context, Handler, RangeJson } from "./requestContext.js";
import type { Computed } from "./values.js";

type Dimension = "ROWS" | "COLUMNS";

function dimensionOf(value: unknown): Dimension {
  return value === "COLUMNS" ? "COLUMNS" : "ROWS";
}

/** Inserts whole rows or columns before `at`; the grid grows. */
export function insertDimension(book: SpreadsheetState, sheet: SheetState, dimension: Dimension, at: number, count: number): void {
  const grid = sheet.properties.gridProperties;
  const map = insertMap(at, count);
  const cells: CellMap = dimension === "ROWS" ? (r, c) => [map(r), c] : (r, c) => [r, map(c)];
  applyGridChange(book, { sheet, rowCount: grid.rowCount, columnCount: grid.columnCount, cells, axis: { dimension, map } });
  if (dimension === "ROWS") grid.rowCount += count;
  else grid.columnCount += count;
}

/** Deletes rows or columns [start, end): their cells, anchors and metadata go with them. */
export function deleteDimension(book: SpreadsheetState, sheet: SheetState, dimension: Dimension, start: number, end: number): void {
  const grid = sheet.properties.gridProperties;
  const map = deleteMap(start, end);
  const cells: CellMap = dimension === "ROWS" ? (r, c) => (map(r) === undefined ? undefined : [map(r)!, c]) : (r, c) => (map(c) === undefined ? undefined : [r, map(c)!]);
  applyGridChange(book, { sheet, rowCount: grid.rowCount, columnCount: grid.columnCount, cells, axis: { dimension, map } });
  if (dimension === "ROWS") grid.rowCount -= end - start;
  else grid.columnCount -= end - start;
}

function dimensionBounds(ctx: Context, range: JsonObject): { sheet: SheetState; dimension: Dimension; start: number; end: number; size: number } {
  const sheet = ctx.sheet(range.sheetId as number | undefined);
  const dimension = dimensionOf(range.dimension);
  const grid = sheet.properties.gridProperties;
  const size = dimension === "ROWS" ? grid.rowCount : grid.columnCount;
  const start = (range.startIndex as number | undefined) ?? 0;
  const end = (range.endIndex as number | undefined) ?? size;
  return { sheet, dimension, start, end, size };
}

/** Google's order for sorting: numbers, then text (ignoring case), then TRUE/FALSE, then errors; blanks go last either way. */
const collator = new Intl.Collator("en", { sensitivity: "base" });
function typeRank(v: Computed): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  return 3;
}
export function compareForSort(a: Computed | undefined, b: Computed | undefined, descending: boolean): number {
  const blankA = a === undefined || a === "";
  const blankB = b === undefined || b === "";
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1;
  let order = typeRank(a) - typeRank(b);
  if (order === 0) {
    if (typeof a === "number" && typeof b === "number") order = a - b;
    else if (typeof a === "string" && typeof b === "string") order = collator.compare(a, b);
    else if (typeof a === "boolean" && typeof b === "boolean") order = Number(a) - Number(b);
  }
  return descending ? -order : order;
}

/**
 * Reorders the rows of a block. `order[i]` is the old row now at row r0 + i. Cells of the block
 * move whole; a formula that moves keeps pointing at the same relative cells, as a copied one
 * does. Row anchors follow only when the block spans the whole width of the tab (whole rows).
 */
export function permuteRows(book: SpreadsheetState, sheet: SheetState, r0: number, c0: number, c1: number, order: number[]): void {
  const block = order.map((old) => {
    const line: (Cell | null)[] = [];
    for (let c = c0; c < c1; c++) line.push(getCell(sheet, old, c) ?? null);
    return line;
  });
  block.forEach((line, i) => {
    const from = order[i]!;
    const to = r0 + i;
    line.forEach((cell, j) => {
      const c = c0 + j;
      if (cell) placeCell(sheet.rows, to, c, from === to ? cell : travelledCell(cell, to - from, 0));
      else if (getCell(sheet, to, c)) placeCell(sheet.rows, to, c, null);
    });
  });
  if (c0 === 0 && c1 >= sheet.properties.gridProperties.columnCount) {
    const newIndex = new Map(order.map((old, i) => [old, r0 + i]));
    for (const meta of book.developerMetadata) {
      const range = meta.location.dimensionRange as JsonObject | undefined;
      if (!range || ((range.sheetId as number | undefined) ?? 0) !== sheet.properties.sheetId || range.dimension !== "ROWS") continue;
      const to = newIndex.get(range.startIndex as number);
      if (to !== undefined) meta.location = { ...meta.location, dimensionRange: { ...range, startIndex: to, endIndex: to + 1 } };
    }
  }
}

export function sortRows(ctx: Context, range: RangeJson, specs: JsonObject[]): void {
  const { sheet, r0, r1, c0, c1 } = ctx.rect(range);
  // Rows past the last stored one are blank and would stay where they are.
  const last = Math.min(r1, sheet.rows.length);
  if (last <= r0) return;
  for (const spec of specs) {
    const column = (spec.dimensionIndex as number | undefined) ?? 0;
    if (column < c0 || column >= c1) ctx.fail(`Invalid sort spec: dimensionIndex ${column} is outside the range.`);
  }
  const rows = Array.from({ length: last - r0 }, (_, i) => r0 + i);
  const keys = new Map(rows.map((r) => [r, specs.map((s) => computeCell(ctx.book, sheet, r, (s.dimensionIndex as number | undefined) ?? 0))]));
  rows.sort((a, b) => {
    for (let i = 0; i < specs.length; i++) {
      const order = compareForSort(keys.get(a)![i], keys.get(b)![i], specs[i]!.sortOrder === "DESCENDING");
      if (order !== 0) return order;
    }
    return 0; // stable: ties keep their order
  });
  permuteRows(ctx.book, sheet, r0, c0, c1, rows);
}

/** The grid's cells in a rectangle, copied, row by row (holes as null). */
function snapshot(sheet: SheetState, r0: number, r1: number, c0: number, c1: number): (Cell | null)[][] {
  return Array.from({ length: r1 - r0 }, (_, i) => Array.from({ length: c1 - c0 }, (_, j) => structuredClone(getCell(sheet, r0 + i, c0 + j) ?? null)));
}

function growTo(sheet: SheetState, rows: number, cols: number): void {
  const grid = sheet.properties.gridProperties;
  if (rows > grid.rowCount) grid.rowCount = rows;
  if (cols > grid.columnCount) grid.columnCount = cols;
}

/**
 * Writes one copied cell per Google's PasteType (Sheets API v4 reference, PasteType):
 * NORMAL values, formulas, formats and merges; VALUES only values; FORMAT only formats;
 * NO_BORDERS like NORMAL without borders; FORMULA only formulas; DATA_VALIDATION only validation.
 */
function pasteCell(sheet: SheetState, r: number, c: number, source: Cell | null, computed: Computed | undefined, pasteType: string, fromRow: number, fromCol: number): void {
  const existing = getCell(sheet, r, c);
  const moved = source ? travelledCell(source, r - fromRow, c - fromCol) : null;
  switch (pasteType) {
    case "PASTE_VALUES": {
      const next: Cell = existing ? structuredClone(existing) : { input: {} };
      const value =
        computed === undefined || computed === ""
          ? undefined
          : typeof computed === "number"
            ? { numberValue: computed }
            : typeof computed === "boolean"
              ? { boolValue: computed }
              : typeof computed === "string"
                ? { stringValue: computed }
                : { errorValue: { type: "ERROR", message: computed.error } };
      next.input = { ...(value ? { value } : {}), ...(next.input.numberFormat ? { numberFormat: next.input.numberFormat } : {}) };
      placeCell(sheet.rows, r, c, next);
      return;
    }
    case "PASTE_FORMAT": {
      const next: Cell = existing ? structuredClone(existing) : { input: {} };
      if (source?.format) next.format = structuredClone(source.format);
      else delete next.format;
      const numberFormat = source?.input.numberFormat;
      if (numberFormat) next.input = { ...next.input, numberFormat };
      else if (next.input.numberFormat) next.input = { ...(next.input.value ? { value: next.input.value } : {}) };
      placeCell(sheet.rows, r, c, next);
      return;
    }
    case "PASTE_FORMULA": {
      const next: Cell = existing ? structuredClone(existing) : { input: {} };
      next.input = { ...(moved?.input.value ? { value: moved.input.value } : {}), ...(next.input.numberFormat ? { numberFormat: next.input.numberFormat } : {}) };
      placeCell(sheet.rows, r, c, next);
      return;
    }
    case "PASTE_DATA_VALIDATION": {
      const next: Cell = existing ? structuredClone(existing) : { input: {} };
      if (source?.dataValidation) next.dataValidation = source.dataValidation;
      else delete next.dataValidation;
      placeCell(sheet.rows, r, c, next);
      return;
    }
    case "PASTE_CONDITIONAL_FORMATTING":
      return;
    case "PASTE_NO_BORDERS": {
      const next = moved ?? { input: {} };
      const borders = existing?.format?.borders;
      if (next.format) delete next.format.borders;
      if (borders) next.format = { ...(next.format ?? {}), borders };
      placeCell(sheet.rows, r, c, next);
      return;
    }
    default:
      placeCell(sheet.rows, r, c, moved);
  }
}

/** Copies `block` (taken at fromRow/fromCol) onto the grid, tiling it to fill `height` x `width`. */
function pasteBlock(ctx: Context, source: SheetState, target: SheetState, block: (Cell | null)[][], from: { r: number; c: number }, at: { r: number; c: number; height: number; width: number }, pasteType: string, transpose: boolean): void {
  const srcHeight = block.length;
  const srcWidth = block[0]?.length ?? 0;
  const h = transpose ? srcWidth : srcHeight;
  const w = transpose ? srcHeight : srcWidth;
  // Google: "If the range covers a span that's a multiple of the source's height or width, then
  // the data will be repeated to fill in the destination range. If the range is smaller than the
  // source range, the entire source data will still be copied" (CopyPasteRequest.destination).
  const height = at.height >= h && at.height % h === 0 ? at.height : h;
  const width = at.width >= w && at.width % w === 0 ? at.width : w;
  const computed = block.map((line, i) => line.map((_, j) => computeCell(ctx.book, source, from.r + i, from.c + j)));
  growTo(target, at.r + height, at.c + width);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const [si, sj] = transpose ? [j % srcHeight, i % srcWidth] : [i % srcHeight, j % srcWidth];
      pasteCell(target, at.r + i, at.c + j, block[si]![sj]!, computed[si]![sj], pasteType, from.r + si, from.c + sj);
    }
  }
  // Conditional formats lying wholly inside the source are copied once per tile (a copy of the
  // rule with the pasted range); PASTE_NORMAL is taken to include them, as pasting in the UI does.
  if ((pasteType === "PASTE_CONDITIONAL_FORMATTING" || pasteType === "PASTE_NORMAL") && !transpose) {
    const n = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
    for (const rule of [...source.conditionalFormats]) {
      const ranges = (rule.ranges ?? []) as JsonObject[];
      const inside = ranges.every((g) => {
        const [r0, r1, c0, c1] = [n(g.startRowIndex), n(g.endRowIndex), n(g.startColumnIndex), n(g.endColumnIndex)];
        return ((g.sheetId as number | undefined) ?? 0) === source.properties.sheetId && r0 !== undefined && r1 !== undefined && c0 !== undefined && c1 !== undefined &&
          r0 >= from.r && r1 <= from.r + srcHeight && c0 >= from.c && c1 <= from.c + srcWidth;
      });
      if (ranges.length === 0 || !inside) continue;
      for (let ti = 0; ti < height; ti += srcHeight) {
        for (let tj = 0; tj < width; tj += srcWidth) {
          const dr = at.r + ti - from.r;
          const dc = at.c + tj - from.c;
          const moved = ranges.map((g) => ({ ...g, sheetId: target.properties.sheetId, startRowIndex: n(g.startRowIndex)! + dr, endRowIndex: n(g.endRowIndex)! + dr, startColumnIndex: n(g.startColumnIndex)! + dc, endColumnIndex: n(g.endColumnIndex)! + dc }));
          target.conditionalFormats.push({ ...structuredClone(rule), ranges: moved });
        }
      }
    }
  }
  // PASTE_NORMAL (and NO_BORDERS) carry merges: the pasted area loses its own, then gets a copy
  // of each merge lying wholly inside the source, once per tile.
  if ((pasteType === "PASTE_NORMAL" || pasteType === "PASTE_NO_BORDERS") && !transpose) {
    const n = (v: unknown): number => v as number;
    const within = (m: JsonObject, r0: number, r1: number, c0: number, c1: number): boolean =>
      n(m.startRowIndex) >= r0 && n(m.endRowIndex) <= r1 && n(m.startColumnIndex) >= c0 && n(m.endColumnIndex) <= c1;
    const crosses = (m: JsonObject): boolean =>
      n(m.startRowIndex) < at.r + height && at.r < n(m.endRowIndex) && n(m.startColumnIndex) < at.c + width && at.c < n(m.endColumnIndex);
    const copied = source.merges.filter((m) => within(m, from.r, from.r + srcHeight, from.c, from.c + srcWidth));
    target.merges = target.merges.filter((m) => !crosses(m));
    for (let ti = 0; ti < height; ti += srcHeight) {
      for (let tj = 0; tj < width; tj += srcWidth) {
        for (const m of copied) {
          const dr = at.r + ti - from.r;
          const dc = at.c + tj - from.c;
          target.merges.push({ ...m, sheetId: target.properties.sheetId, startRowIndex: n(m.startRowIndex) + dr, endRowIndex: n(m.endRowIndex) + dr, startColumnIndex: n(m.startColumnIndex) + dc, endColumnIndex: n(m.endColumnIndex) + dc });
        }
      }
    }
  }
}

function numberOf(cell: Cell | null): number | undefined {
  const v = cell?.input.value;
  return v && "numberValue" in v ? v.numberValue : undefined;
}

export const structuralHandlers: Record<string, Handler> = {
  insertDimension(ctx, body) {
    const { sheet, dimension, start, end, size } = dimensionBounds(ctx, (body.range ?? {}) as JsonObject);
    if (!(end - start > 0)) ctx.fail("Invalid dimension range: endIndex must be greater than startIndex.");
    if (start > size) ctx.fail(`Invalid dimension range: startIndex ${start} is after the last ${dimension === "ROWS" ? "row" : "column"} (${size}).`);
    // InsertDimensionRequest.inheritFromBefore: "Whether dimension properties should be extended
    // from the dimensions before or after the newly inserted dimensions. True to inherit from the
    // dimensions before (in which case the start index must be greater than 0), and false to
    // inherit from the dimensions after" (v4 reference). Google's refusal of false at the grid's
    // end is quoted in nithinmurali/pygsheets#46; the wording for true at 0 is the emulator's.
    const fromBefore = body.inheritFromBefore === true;
    if (fromBefore && start === 0) ctx.fail("range.startIndex must be greater than 0 if inheritFromBefore is true.");
    if (!fromBefore && start >= size) ctx.fail(`range.startIndex must be less than the grid size (${size}) if inheritFromBefore is false.`);
    insertDimension(ctx.book, sheet, dimension, start, end - start);
    // What is inherited: the formats of the row or column next to the new ones (the reference's
    // example is a background colour), not values, notes or data validation.
    const from = fromBefore ? start - 1 : end;
    const line = (r: number, c: number): Cell | undefined => getCell(sheet, r, c);
    for (let k = start; k < end; k++) {
      const count = dimension === "ROWS" ? sheet.properties.gridProperties.columnCount : sheet.properties.gridProperties.rowCount;
      for (let x = 0; x < count; x++) {
        const neighbour = dimension === "ROWS" ? line(from, x) : line(x, from);
        if (!neighbour?.format && !neighbour?.input.numberFormat) continue;
        const cell: Cell = { input: neighbour.input.numberFormat ? { numberFormat: neighbour.input.numberFormat } : {}, ...(neighbour.format ? { format: structuredClone(neighbour.format) } : {}) };
        if (dimension === "ROWS") placeCell(sheet.rows, k, x, cell);
        else placeCell(sheet.rows, x, k, cell);
      }
    }
    return undefined;
  },
  deleteDimension(ctx, body) {
    const { sheet, dimension, start, end, size } = dimensionBounds(ctx, (body.range ?? {}) as JsonObject);
    if (end - start >= size) ctx.fail(`You can't delete all the ${dimension === "ROWS" ? "rows" : "columns"} on the sheet.`);
    if (!(end - start > 0)) ctx.fail("Invalid dimension range: endIndex must be greater than startIndex.");
    deleteDimension(ctx.book, sheet, dimension, start, Math.min(end, size));
    return undefined;
  },
  moveDimension(ctx, body) {
    const { sheet, dimension, start, end, size } = dimensionBounds(ctx, (body.source ?? {}) as JsonObject);
    const destination = (body.destinationIndex as number | undefined) ?? 0;
    if (!(end - start > 0)) ctx.fail("Invalid dimension range: endIndex must be greater than startIndex.");
    if (destination < 0 || destination > size) ctx.fail(`destinationIndex ${destination} is outside the grid.`);
    // A destination inside the source [start, end] leaves everything where it is.
    if (destination >= start && destination <= end) return undefined;
    const grid = sheet.properties.gridProperties;
    const map = moveMap(start, end, destination);
    const cells: CellMap = dimension === "ROWS" ? (r, c) => [map(r), c] : (r, c) => [r, map(c)];
    applyGridChange(ctx.book, { sheet, rowCount: grid.rowCount, columnCount: grid.columnCount, cells, axis: { dimension, map } });
    return undefined;
  },
  sortRange(ctx, body) {
    const specs = (body.sortSpecs ?? []) as JsonObject[];
    if (specs.length === 0) ctx.fail("At least one sort spec is required.");
    sortRows(ctx, (body.range ?? {}) as RangeJson, specs);
    return undefined;
  },
  insertRange(ctx, body) {
    const range = (body.range ?? {}) as RangeJson;
    const { sheet, r0, r1, c0, c1 } = ctx.rect(range);
    const grid = sheet.properties.gridProperties;
    const rows = body.shiftDimension !== "COLUMNS";
    // A range as wide (or tall) as the tab inserts whole rows (or columns).
    if (rows && c0 === 0 && c1 >= grid.columnCount) {
      insertDimension(ctx.book, sheet, "ROWS", r0, r1 - r0);
      return undefined;
    }
    if (!rows && r0 === 0 && r1 >= grid.rowCount) {
      insertDimension(ctx.book, sheet, "COLUMNS", c0, c1 - c0);
      return undefined;
    }
    const [h, w] = [r1 - r0, c1 - c0];
    const cells: CellMap = rows ? (r, c) => (c >= c0 && c < c1 && r >= r0 ? [r + h, c] : [r, c]) : (r, c) => (r >= r0 && r < r1 && c >= c0 ? [r, c + w] : [r, c]);
    const before = { rowCount: grid.rowCount, columnCount: grid.columnCount };
    applyGridChange(ctx.book, { sheet, ...before, cells });
    // Cells pushed past the edge are kept by growing the grid.
    growTo(sheet, sheet.rows.length, Math.max(0, ...sheet.rows.map((l) => l?.length ?? 0)));
    return undefined;
  },
  deleteRange(ctx, body) {
    const range = (body.range ?? {}) as RangeJson;
    const { sheet, r0, r1, c0, c1 } = ctx.rect(range);
    const grid = sheet.properties.gridProperties;
    const rows = body.shiftDimension !== "COLUMNS";
    // Even over whole rows this shifts cells, it does not delete the rows: the grid keeps its
    // size and the sheet's history shows cells replaced, unlike "Delete row" in the UI
    // (node-google-spreadsheet issue 583, whose row.delete() sends deleteRange).
    const [h, w] = [r1 - r0, c1 - c0];
    const inside = (r: number, c: number): boolean => r >= r0 && r < r1 && c >= c0 && c < c1;
    const cells: CellMap = (r, c) => {
      if (inside(r, c)) return undefined;
      if (rows) return c >= c0 && c < c1 && r >= r1 ? [r - h, c] : [r, c];
      return r >= r0 && r < r1 && c >= c1 ? [r, c - w] : [r, c];
    };
    applyGridChange(ctx.book, { sheet, rowCount: grid.rowCount, columnCount: grid.columnCount, cells });
    return undefined;
  },
  cutPaste(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.source ?? {}) as RangeJson);
    const destination = (body.destination ?? {}) as JsonObject;
    const target = ctx.sheet(destination.sheetId as number | undefined);
    const dr = (destination.rowIndex as number | undefined) ?? 0;
    const dc = (destination.columnIndex as number | undefined) ?? 0;
    const last = Math.min(r1, Math.max(sheet.rows.length, r0 + 1));
    const pasteType = (body.pasteType as string | undefined) ?? "PASTE_NORMAL";
    if (target !== sheet || pasteType !== "PASTE_NORMAL") {
      if (pasteType === "PASTE_NORMAL") followCutToSheet(ctx.book, sheet, target, { r0, r1: last, c0, c1 }, dr, dc);
      const block = snapshot(sheet, r0, last, c0, c1);
      const computed = block.map((line, i) => line.map((_, j) => computeCell(ctx.book, sheet, r0 + i, c0 + j)));
      for (let r = r0; r < last; r++) for (let c = c0; c < c1; c++) if (getCell(sheet, r, c)) placeCell(sheet.rows, r, c, null);
      growTo(target, dr + (last - r0), dc + (c1 - c0));
      // A cut is not a copy: formulas keep their (already rewritten) references, so no offset.
      block.forEach((line, i) => line.forEach((cell, j) => pasteCell(target, dr + i, dc + j, cell, computed[i]![j], pasteType, dr + i, dc + j)));
      return undefined;
    }
    // Same tab: the block moves, references to it follow, what it lands on is replaced.
    const [offR, offC] = [dr - r0, dc - c0];
    const inSource = (r: number, c: number): boolean => r >= r0 && r < last && c >= c0 && c < c1;
    const inDest = (r: number, c: number): boolean => r >= dr && r < dr + (last - r0) && c >= dc && c < dc + (c1 - c0);
    const cells: CellMap = (r, c) => (inSource(r, c) ? [r + offR, c + offC] : inDest(r, c) ? undefined : [r, c]);
    growTo(sheet, dr + (last - r0), dc + (c1 - c0));
    const grid = sheet.properties.gridProperties;
    applyGridChange(ctx.book, { sheet, rowCount: grid.rowCount, columnCount: grid.columnCount, cells });
    return undefined;
  },
  copyPaste(ctx, body) {
    const src = ctx.rect((body.source ?? {}) as RangeJson);
    const destRange = (body.destination ?? {}) as RangeJson;
    const target = ctx.sheet(destRange.sheetId);
    const last = Math.min(src.r1, Math.max(src.sheet.rows.length, src.r0 + 1));
    const block = snapshot(src.sheet, src.r0, last, src.c0, src.c1);
    const grid = target.properties.gridProperties;
    const dr = destRange.startRowIndex ?? 0;
    const dc = destRange.startColumnIndex ?? 0;
    const height = (destRange.endRowIndex ?? grid.rowCount) - dr;
    const width = (destRange.endColumnIndex ?? grid.columnCount) - dc;
    const pasteType = (body.pasteType as string | undefined) ?? "PASTE_NORMAL";
    pasteBlock(ctx, src.sheet, target, block, { r: src.r0, c: src.c0 }, { r: dr, c: dc, height, width }, pasteType, body.pasteOrientation === "TRANSPOSE");
    return undefined;
  },
  autoFill(ctx, body) {
    let source: RangeJson;
    let dimension: Dimension;
    let fillLength: number;
    if (body.sourceAndDestination) {
      const sd = body.sourceAndDestination as JsonObject;
      source = (sd.source ?? {}) as RangeJson;
      dimension = dimensionOf(sd.dimension);
      fillLength = (sd.fillLength as number | undefined) ?? 0;
    } else {
      // `range`: the rows holding data at its top are the source, the rest is filled.
      const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
      let end = r0;
      while (end < r1 && Array.from({ length: c1 - c0 }, (_, j) => getCell(sheet, end, c0 + j)).some((cell) => cell?.input.value)) end++;
      if (end === r0) return undefined;
      source = { sheetId: sheet.properties.sheetId, startRowIndex: r0, endRowIndex: end, startColumnIndex: c0, endColumnIndex: c1 };
      dimension = "ROWS";
      fillLength = r1 - end;
    }
    const { sheet, r0, r1, c0, c1 } = ctx.rect(source);
    const rows = dimension === "ROWS";
    const lines = rows ? c1 - c0 : r1 - r0; // each column (filling down) or row (filling right)
    const len = rows ? r1 - r0 : c1 - c0;
    const at = (line: number, k: number): [number, number] => (rows ? [r0 + k, c0 + line] : [r0 + line, c0 + k]);
    growTo(sheet, rows ? r1 + Math.max(fillLength, 0) : r1, rows ? c1 : c1 + Math.max(fillLength, 0));
    for (let line = 0; line < lines; line++) {
      const series = Array.from({ length: len }, (_, k) => getCell(sheet, ...at(line, k)) ?? null);
      const numbers = series.map(numberOf);
      const allNumbers = numbers.every((n) => n !== undefined) && !series.some((c) => isFormula(c));
      // Two or more numbers continue their step; a single date counts up by days; else repeat.
      const step =
        allNumbers && len >= 2
          ? (numbers[len - 1]! - numbers[0]!) / (len - 1)
          : allNumbers && len === 1 && series[0]?.input.numberFormat?.type.startsWith("DATE")
            ? 1
            : undefined;
      for (let k = 0; k < Math.abs(fillLength); k++) {
        const offset = fillLength > 0 ? len + k : -1 - k;
        const fromIndex = fillLength > 0 ? k % len : len - 1 - (k % len);
        const from = series[fromIndex];
        const [r, c] = at(line, offset);
        if (r < 0 || c < 0) break;
        const [fr, fc] = at(line, fromIndex);
        const cell = from ? travelledCell(from, r - fr, c - fc) : null;
        if (cell && step !== undefined) {
          const base = fillLength > 0 ? numbers[len - 1]! : numbers[0]!;
          cell.input = { ...cell.input, value: { numberValue: base + step * (fillLength > 0 ? k + 1 : -(k + 1)) } };
        }
        placeCell(sheet.rows, r, c, cell);
      }
    }
    return undefined;
  },
  randomizeRange(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
    const last = Math.min(r1, sheet.rows.length);
    const order = Array.from({ length: Math.max(0, last - r0) }, (_, i) => r0 + i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    permuteRows(ctx.book, sheet, r0, c0, c1, order);
    return undefined;
  },
  deleteDuplicates(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
    const compare = (body.comparisonColumns ?? []) as JsonObject[];
    const columns = compare.length === 0 ? Array.from({ length: c1 - c0 }, (_, j) => c0 + j) : compare.flatMap((d) => Array.from({ length: ((d.endIndex as number) ?? c1) - ((d.startIndex as number) ?? c0) }, (_, j) => ((d.startIndex as number) ?? c0) + j));
    for (const c of columns) if (c < c0 || c >= c1) ctx.fail("The comparison columns must be within the range.");
    const last = Math.min(r1, sheet.rows.length);
    // Google: "Rows with identical values but different letter cases, formatting, or formulas are
    // considered to be duplicates ... the first instance of each duplicate row scanning from the
    // top downwards is kept" (DeleteDuplicatesRequest).
    const seen = new Set<string>();
    const kept: number[] = [];
    for (let r = r0; r < last; r++) {
      const key = JSON.stringify(columns.map((c) => {
        const v = computeCell(ctx.book, sheet, r, c);
        return typeof v === "string" ? v.toLowerCase() : (v ?? "");
      }));
      if (seen.has(key)) continue;
      seen.add(key);
      kept.push(r);
    }
    const removed = Math.max(0, last - r0) - kept.length;
    // Proto3 JSON leaves out a zero count.
    if (removed === 0) return { deleteDuplicates: {} as JsonObject };
    const block = kept.map((r) => Array.from({ length: c1 - c0 }, (_, j) => getCell(sheet, r, c0 + j) ?? null));
    for (let r = r0; r < last; r++) {
      const i = r - r0;
      for (let j = 0; j < c1 - c0; j++) {
        const cell = block[i]?.[j] ?? null;
        placeCell(sheet.rows, r, c0 + j, cell && kept[i] !== r ? travelledCell(cell, r - kept[i]!, 0) : cell);
      }
    }
    return { deleteDuplicates: { duplicatesRemovedCount: removed } };
  },
};
