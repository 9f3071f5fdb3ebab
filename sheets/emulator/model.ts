// Spreadsheet state: tabs, sparse cells, protected ranges, metadata; plus the value reads and
// writes every endpoint shares (range resolution, clipping, trimming, grid growth).
import { randomBytes, randomInt } from "node:crypto";
import { columnToLetters, formatRange, parseRange, RangeParseError, resolveRect, type GridRect } from "./a1.js";
import { invalidArgument } from "./errors.js";
import { evaluateFormula } from "./formula.js";
import { hasRefError } from "./formulaShift.js";
import {
  parseRaw,
  parseUserEntered,
  renderCell,
  type Computed,
  type DateTimeRenderOption,
  type StoredInput,
  type ValueRenderOption,
} from "./values.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Cell {
  input: StoredInput;
  format?: JsonObject;
  note?: string;
  dataValidation?: JsonObject;
}

export interface SheetState {
  properties: JsonObject & { sheetId: number; title: string; index: number; gridProperties: JsonObject & { rowCount: number; columnCount: number } };
  /** rows[r][c]; holes are empty cells. */
  rows: (Cell | null)[][];
  protectedRanges: JsonObject[];
  merges: JsonObject[];
  conditionalFormats: JsonObject[];
  // Optional so that state saved before these existed still loads.
  basicFilter?: JsonObject;
  filterViews?: JsonObject[];
  bandedRanges?: JsonObject[];
  rowGroups?: JsonObject[];
  columnGroups?: JsonObject[];
  /** Embedded charts placed on this tab (EmbeddedChart JSON, see charts.ts). */
  charts?: JsonObject[];
}

export interface DeveloperMetadata {
  metadataId: number;
  metadataKey: string;
  metadataValue?: string;
  visibility: string;
  location: JsonObject;
}

export interface SpreadsheetState {
  spreadsheetId: string;
  properties: JsonObject & { title: string; locale: string; timeZone: string };
  sheets: SheetState[];
  developerMetadata: DeveloperMetadata[];
  namedRanges?: JsonObject[];
  createdTime: string;
  modifiedTime: string;
}

export type InputOption = "RAW" | "USER_ENTERED";

/** Google-looking ids: 44 characters of base64url starting with "1". */
export function newSpreadsheetId(): string {
  return `1${randomBytes(33).toString("base64url").slice(0, 43)}`;
}

export function newSheetId(): number {
  return randomInt(1, 2_147_483_647);
}

export function newSheet(sheetId: number, title: string, index: number, rowCount = 1000, columnCount = 26): SheetState {
  return {
    properties: { sheetId, title, index, sheetType: "GRID", gridProperties: { rowCount, columnCount } },
    rows: [],
    protectedRanges: [],
    merges: [],
    conditionalFormats: [],
  };
}

export function newSpreadsheet(title: string, id = newSpreadsheetId()): SpreadsheetState {
  const now = new Date().toISOString();
  return {
    spreadsheetId: id,
    properties: { title, locale: "en_US", autoRecalc: "ON_CHANGE", timeZone: "Etc/GMT" },
    sheets: [newSheet(0, "Sheet1", 0)],
    developerMetadata: [],
    createdTime: now,
    modifiedTime: now,
  };
}

export function getCell(sheet: SheetState, row: number, col: number): Cell | undefined {
  return sheet.rows[row]?.[col] ?? undefined;
}

export function cellAt(sheet: SheetState, row: number, col: number): Cell {
  for (let i = sheet.rows.length; i <= row; i++) sheet.rows[i] = [];
  const line = (sheet.rows[row] ??= []);
  for (let i = line.length; i < col; i++) line[i] = null;
  const existing = line[col];
  if (existing) return existing;
  const cell: Cell = { input: {} };
  line[col] = cell;
  return cell;
}

export function isEmptyCell(cell: Cell | undefined | null): boolean {
  return !cell || cell.input.value === undefined;
}

export function findSheet(book: SpreadsheetState, title: string): SheetState | undefined {
  return book.sheets.find((s) => s.properties.title === title) ?? book.sheets.find((s) => s.properties.title.toLowerCase() === title.toLowerCase());
}

export function sheetById(book: SpreadsheetState, sheetId: number): SheetState | undefined {
  return book.sheets.find((s) => s.properties.sheetId === sheetId);
}

export function sortedSheets(book: SpreadsheetState): SheetState[] {
  return [...book.sheets].sort((a, b) => a.properties.index - b.properties.index);
}

export function renumberSheets(book: SpreadsheetState): void {
  sortedSheets(book).forEach((s, i) => (s.properties.index = i));
}

/** Evaluates a cell, following references; a cycle evaluates to #REF! like Google. */
export function computeCell(book: SpreadsheetState, sheet: SheetState, row: number, col: number, visiting = new Set<string>()): Computed | undefined {
  const cell = getCell(sheet, row, col);
  const value = cell?.input.value;
  if (!value) return undefined;
  if ("stringValue" in value) return value.stringValue;
  if ("numberValue" in value) return value.numberValue;
  if ("boolValue" in value) return value.boolValue;
  if ("errorValue" in value) return { error: value.errorValue.type };
  // A reference whose row or column was deleted is left as #REF! in the text (formulaShift.ts).
  if (hasRefError(value.formulaValue)) return { error: "#REF!" };
  const key = `${sheet.properties.sheetId}:${row}:${col}`;
  if (visiting.has(key)) return { error: "#REF!", message: "Circular dependency detected. To resolve with iterative calculation, see File > Settings." };
  visiting.add(key);
  const target = (name: string | undefined): SheetState => {
    const found = name === undefined ? sheet : findSheet(book, name);
    if (!found) throw new Error(`Unresolved sheet name '${name}'.`);
    return found;
  };
  try {
    return evaluateFormula(value.formulaValue, {
      cell: (name, r, c) => {
        try {
          return computeCell(book, target(name), r, c, visiting);
        } catch (err) {
          return { error: "#REF!", message: (err as Error).message };
        }
      },
      range: (name, r1, c1, r2, c2) => {
        const out: Computed[] = [];
        let s: SheetState;
        try {
          s = target(name);
        } catch (err) {
          return [{ error: "#REF!", message: (err as Error).message }];
        }
        for (let r = r1; r <= Math.min(r2, s.rows.length - 1); r++) {
          for (let c = c1; c <= c2; c++) {
            const v = computeCell(book, s, r, c, visiting);
            if (v !== undefined) out.push(v);
          }
        }
        return out;
      },
    });
  } finally {
    visiting.delete(key);
  }
}

export interface ResolvedRange {
  sheet: SheetState;
  rect: GridRect;
  /** True when the range named whole rows or columns or the whole tab. */
  open: boolean;
}

/**
 * Reads a range the way Google does: unknown tabs cannot be parsed, open ends are clipped to
 * the grid, explicit cells past the grid are an error for reads (writes grow the grid).
 */
export function resolveRange(book: SpreadsheetState, text: string, mode: "read" | "write"): ResolvedRange {
  let parsed;
  try {
    parsed = parseRange(text, (title) => findSheet(book, title) !== undefined);
  } catch (err) {
    if (err instanceof RangeParseError) throw invalidArgument(err.message);
    throw err;
  }
  const sheet = parsed.sheetTitle === undefined ? sortedSheets(book)[0] : findSheet(book, parsed.sheetTitle);
  if (!sheet) throw invalidArgument(`Unable to parse range: ${text}`);
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const rect = resolveRect(parsed, rowCount, columnCount);
  const open = !parsed.start || parsed.start.row === undefined || parsed.start.col === undefined || parsed.end?.row === undefined || parsed.end.col === undefined;
  if (mode === "read" && (rect.endRow >= rowCount || rect.endCol >= columnCount)) {
    if (open && rect.startRow < rowCount && rect.startCol < columnCount) {
      rect.endRow = Math.min(rect.endRow, rowCount - 1);
      rect.endCol = Math.min(rect.endCol, columnCount - 1);
    } else {
      throw invalidArgument(`Range (${text}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`);
    }
  }
  return { sheet, rect, open };
}

export interface ValueRange {
  range: string;
  majorDimension: "ROWS" | "COLUMNS";
  values?: (string | number | boolean)[][];
}

/** values.get: trailing empty cells and rows trimmed, an all-empty range has no `values`. */
export function readValues(
  book: SpreadsheetState,
  resolved: ResolvedRange,
  majorDimension: "ROWS" | "COLUMNS",
  render: ValueRenderOption,
  dateTime: DateTimeRenderOption,
): ValueRange {
  const { sheet, rect } = resolved;
  const grid: (string | number | boolean)[][] = [];
  const lastRow = Math.min(rect.endRow, sheet.rows.length - 1);
  for (let r = rect.startRow; r <= lastRow; r++) {
    const row: (string | number | boolean)[] = [];
    for (let c = rect.startCol; c <= rect.endCol; c++) {
      const cell = getCell(sheet, r, c);
      row.push(cell ? renderCell(cell.input, computeCell(book, sheet, r, c), render, dateTime, book.properties.locale) : "");
    }
    grid.push(row);
  }
  let lines = grid;
  if (majorDimension === "COLUMNS") {
    const width = rect.endCol - rect.startCol + 1;
    lines = Array.from({ length: width }, (_, c) => grid.map((row) => row[c] ?? ""));
  }
  const trimmed = lines.map((line) => {
    let end = line.length;
    while (end > 0 && line[end - 1] === "") end--;
    return line.slice(0, end);
  });
  while (trimmed.length > 0 && trimmed[trimmed.length - 1]!.length === 0) trimmed.pop();
  const out: ValueRange = { range: formatRange(sheet.properties.title, rect), majorDimension };
  if (trimmed.length > 0) out.values = trimmed;
  return out;
}

export interface WriteResult {
  updatedRange: string;
  updatedRows: number;
  updatedColumns: number;
  updatedCells: number;
}

/** Checks the request body's `values` the way Google's JSON decoder does. */
export function checkValues(values: unknown, field: string): unknown[][] {
  const bad = (v: unknown): never => {
    throw invalidArgument(`Invalid value at '${field}' (type.googleapis.com/google.protobuf.ListValue), ${JSON.stringify(v)}`, [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field, description: `Invalid value at '${field}' (type.googleapis.com/google.protobuf.ListValue), ${JSON.stringify(v)}` }],
      },
    ]);
  };
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) bad(values);
  return (values as unknown[]).map((row, i) => {
    if (!Array.isArray(row)) {
      throw invalidArgument(`Invalid value at '${field}[${i}]' (type.googleapis.com/google.protobuf.ListValue), ${JSON.stringify(row)}`);
    }
    return row as unknown[];
  });
}

export function toRows(values: unknown[][], majorDimension: string | undefined): unknown[][] {
  if (majorDimension !== "COLUMNS") return values;
  const height = Math.max(0, ...values.map((c) => c.length));
  return Array.from({ length: height }, (_, r) => values.map((col) => (r < col.length ? col[r] : null)));
}

export function growGrid(sheet: SheetState, rows: number, cols: number): void {
  const grid = sheet.properties.gridProperties;
  if (rows > grid.rowCount) grid.rowCount = rows;
  if (cols > grid.columnCount) grid.columnCount = cols;
}

/**
 * Writes a block at (row, col). `null` skips a cell (not counted); "" clears it (counted).
 * When `bound` is given (values.update with a full range), writing outside it is an error.
 */
export function writeValues(
  sheet: SheetState,
  row: number,
  col: number,
  rows: unknown[][],
  option: InputOption,
  bound?: { rect: GridRect; text: string },
  /** The spreadsheet's locale, by which USER_ENTERED text is read. */
  locale?: string,
): WriteResult {
  const height = rows.length;
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (bound) {
    if (height > bound.rect.endRow - bound.rect.startRow + 1) {
      throw invalidArgument(`Requested writing within range [${bound.text}], but tried writing to row [${bound.rect.startRow + height}]`);
    }
    if (width > bound.rect.endCol - bound.rect.startCol + 1) {
      throw invalidArgument(`Requested writing within range [${bound.text}], but tried writing to column [${columnToLetters(bound.rect.startCol + width - 1)}]`);
    }
  }
  growGrid(sheet, row + height, col + width);
  let cells = 0;
  const touchedRows = new Set<number>();
  const touchedCols = new Set<number>();
  rows.forEach((line, r) => {
    line.forEach((value, c) => {
      if (value === null || value === undefined) return;
      const cell = cellAt(sheet, row + r, col + c);
      // A cell keeps the number format it has: Sheets only picks one (a date, a number) for an
      // unformatted cell, and a cell formatted as plain text takes what is typed as text.
      const existingFormat = cell.input?.numberFormat;
      const parsed =
        option === "RAW" ? parseRaw(value) : existingFormat?.type === "TEXT" ? { value: { stringValue: String(value) } } : parseUserEntered(value, locale);
      const numberFormat = existingFormat ?? parsed.numberFormat;
      cell.input = { ...parsed, ...(numberFormat ? { numberFormat } : {}) };
      cells++;
      touchedRows.add(r);
      touchedCols.add(c);
    });
  });
  const rect: GridRect = {
    startRow: row,
    startCol: col,
    endRow: row + Math.max(height, 1) - 1,
    endCol: col + Math.max(width, 1) - 1,
  };
  return {
    updatedRange: formatRange(sheet.properties.title, rect),
    updatedRows: touchedRows.size,
    updatedColumns: touchedCols.size,
    updatedCells: cells,
  };
}

export function clearValues(sheet: SheetState, rect: GridRect): void {
  for (let r = rect.startRow; r <= Math.min(rect.endRow, sheet.rows.length - 1); r++) {
    const line = sheet.rows[r];
    if (!line) continue;
    for (let c = rect.startCol; c <= Math.min(rect.endCol, line.length - 1); c++) {
      const cell = line[c];
      // "Only values are cleared -- all other properties of the cell (such as formatting, data
      // validation, etc..) are kept" (v4 reference, spreadsheets.values/clear).
      if (cell) cell.input = cell.input.numberFormat ? { numberFormat: cell.input.numberFormat } : {};
    }
  }
}

/**
 * values.append's "table": the block of non-empty cells, connected across rows and columns,
 * that holds the last non-empty cell of the input range. Google appends below it, from its
 * first column; an input range with no data is written at its top-left corner.
 */
export function findTable(sheet: SheetState, rect: GridRect): GridRect | undefined {
  let last: [number, number] | undefined;
  for (let r = rect.startRow; r <= Math.min(rect.endRow, sheet.rows.length - 1); r++) {
    for (let c = rect.startCol; c <= rect.endCol; c++) if (!isEmptyCell(getCell(sheet, r, c))) last = [r, c];
  }
  if (!last) return undefined;
  const seen = new Set<string>();
  const stack: [number, number][] = [last];
  const table: GridRect = { startRow: last[0], endRow: last[0], startCol: last[1], endCol: last[1] };
  while (stack.length > 0) {
    const [r, c] = stack.pop()!;
    const key = `${r}:${c}`;
    if (seen.has(key) || r < 0 || c < 0 || isEmptyCell(getCell(sheet, r, c))) continue;
    seen.add(key);
    table.startRow = Math.min(table.startRow, r);
    table.endRow = Math.max(table.endRow, r);
    table.startCol = Math.min(table.startCol, c);
    table.endCol = Math.max(table.endCol, c);
    stack.push([r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]);
  }
  return table;
}

export function insertRows(sheet: SheetState, at: number, count: number): void {
  if (sheet.rows.length > at) sheet.rows.splice(at, 0, ...Array.from({ length: count }, () => []));
  sheet.properties.gridProperties.rowCount += count;
}

export function insertColumns(sheet: SheetState, at: number, count: number): void {
  for (const line of sheet.rows) if (line && line.length > at) line.splice(at, 0, ...Array.from({ length: count }, () => null));
  sheet.properties.gridProperties.columnCount += count;
}

export function deleteRows(sheet: SheetState, start: number, end: number): void {
  sheet.rows.splice(start, end - start);
  sheet.properties.gridProperties.rowCount -= end - start;
}

export function deleteColumns(sheet: SheetState, start: number, end: number): void {
  for (const line of sheet.rows) if (line) line.splice(start, end - start);
  sheet.properties.gridProperties.columnCount -= end - start;
}
