// What every batchUpdate request handler shares: the request's context (its index for error
// messages, sheet and GridRange lookups), field masks, and writing one CellData into a cell.
import { invalidArgument } from "./errors.js";
import { cellAt, sheetById, type JsonObject, type SheetState, type SpreadsheetState } from "./model.js";
import { parseFieldMask } from "./resource.js";
import type { ExtendedValue } from "./values.js";

export type Reply = JsonObject;

export function setPath(target: JsonObject, path: string[], source: JsonObject): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    if (source[head] === undefined) delete target[head];
    else target[head] = structuredClone(source[head]);
    return;
  }
  const child = source[head];
  const next = (target[head] ??= {}) as JsonObject;
  setPath(next, rest, child && typeof child === "object" && !Array.isArray(child) ? child : {});
}

/** Copies the masked fields from `source` into `target`; "*" copies everything. */
export function applyFields(target: JsonObject, source: JsonObject, fields: string | undefined, where: string): void {
  if (!fields) throw invalidArgument(`Invalid ${where}: At least one field must be updated. Specify 'fields' to update.`);
  for (const path of parseFieldMask(fields)) {
    if (path === "*") {
      for (const key of Object.keys(source)) target[key] = structuredClone(source[key]!);
      continue;
    }
    setPath(target, path.split("."), source);
  }
}

// Google mirrors every colour into a "...Style" field when it stores a format.
export function withColorStyles(format: JsonObject): JsonObject {
  const out = structuredClone(format);
  if (out.backgroundColor && !out.backgroundColorStyle) out.backgroundColorStyle = { rgbColor: out.backgroundColor };
  const text = out.textFormat;
  if (text && typeof text === "object" && !Array.isArray(text) && text.foregroundColor && !text.foregroundColorStyle) {
    text.foregroundColorStyle = { rgbColor: text.foregroundColor };
  }
  return out;
}

export interface RangeJson {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export class Context {
  constructor(
    readonly book: SpreadsheetState,
    readonly index: number,
    readonly kind: string,
    readonly user: string,
  ) {}

  fail(message: string): never {
    throw invalidArgument(`Invalid requests[${this.index}].${this.kind}: ${message}`);
  }

  sheet(sheetId: number | undefined): SheetState {
    const sheet = sheetById(this.book, sheetId ?? 0);
    if (!sheet) this.fail(`No grid with id: ${sheetId ?? 0}`);
    return sheet;
  }

  /** Resolves a GridRange; open sides run to the grid's edge. */
  rect(range: RangeJson): { sheet: SheetState; r0: number; r1: number; c0: number; c1: number } {
    const sheet = this.sheet(range.sheetId);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const r0 = range.startRowIndex ?? 0;
    const r1 = range.endRowIndex ?? rowCount;
    const c0 = range.startColumnIndex ?? 0;
    const c1 = range.endColumnIndex ?? columnCount;
    if (r1 > rowCount || c1 > columnCount) {
      const a1 = `${sheet.properties.title}!${r0 + 1}:${r1}`;
      this.fail(`Range (${a1}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`);
    }
    return { sheet, r0, r1, c0, c1 };
  }
}

export function gridRangeJson(range: RangeJson): JsonObject {
  // Google leaves out sheetId 0 (a proto3 default) but keeps indices that were given, even 0.
  const out: JsonObject = {};
  if (range.sheetId) out.sheetId = range.sheetId;
  if (range.startRowIndex !== undefined) out.startRowIndex = range.startRowIndex;
  if (range.endRowIndex !== undefined) out.endRowIndex = range.endRowIndex;
  if (range.startColumnIndex !== undefined) out.startColumnIndex = range.startColumnIndex;
  if (range.endColumnIndex !== undefined) out.endColumnIndex = range.endColumnIndex;
  return out;
}

export function nextSheetTitle(book: SpreadsheetState): string {
  for (let n = book.sheets.length + 1; ; n++) {
    const title = `Sheet${n}`;
    if (!book.sheets.some((s) => s.properties.title === title)) return title;
  }
}

export function updateCell(ctx: Context, sheet: SheetState, r: number, c: number, source: JsonObject, fields: string | undefined): void {
  if (!fields) ctx.fail("At least one field must be updated. Specify 'fields' to update.");
  const cell = cellAt(sheet, r, c);
  for (const path of parseFieldMask(fields)) {
    const [head, ...rest] = path.split(".");
    if (head === "*" || head === "userEnteredValue") {
      // Only the masked fields change ("The fields of CellData that should be updated",
      // UpdateCellsRequest.fields in the v4 reference): the cell's number format stays, whatever
      // the value is (a text column formatted "@" keeps its format when a value is written).
      const value = source.userEnteredValue as ExtendedValue | undefined;
      const numberFormat = cell.input.numberFormat;
      cell.input = { ...(value ? { value } : {}), ...(numberFormat ? { numberFormat } : {}) };
    }
    if (head === "*" || head === "userEnteredFormat") {
      const format = (source.userEnteredFormat ?? {}) as JsonObject;
      const next = structuredClone(cell.format ?? {});
      if (rest.length === 0) {
        Object.keys(next).forEach((k) => delete next[k]);
        Object.assign(next, format);
      } else setPath(next, rest, format);
      const numberFormat = next.numberFormat as JsonObject | undefined;
      if (numberFormat) {
        delete next.numberFormat;
        cell.input.numberFormat = numberFormat as never;
      } else if (rest.length === 0 || (rest.length === 1 && rest[0] === "numberFormat")) delete cell.input.numberFormat;
      cell.format = withColorStyles(next);
      if (Object.keys(cell.format).length === 0) delete cell.format;
    }
    if (head === "*" || head === "note") {
      if (typeof source.note === "string" && source.note !== "") cell.note = source.note;
      else delete cell.note;
    }
    if (head === "*" || head === "dataValidation") {
      if (source.dataValidation) cell.dataValidation = structuredClone(source.dataValidation as JsonObject);
      else delete cell.dataValidation;
    }
  }
}

/** One request kind: reads its body, changes `ctx.book`, answers its reply (undefined: `{}`). */
export type Handler = (ctx: Context, body: JsonObject) => Reply | undefined;
