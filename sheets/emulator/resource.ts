// The Spreadsheet resource as spreadsheets.get returns it: Google's default format and theme,
// tabs, grid data for `ranges`, and the `fields` mask applied afterwards.
import { badFieldMask } from "./errors.js";
import { metadataJson } from "./batchUpdate.js";
import { defaultErrorMessage, errorType } from "./formula.js";
import type { GridRect } from "./a1.js";
import { computeCell, getCell, resolveRange, sortedSheets, type Json, type JsonObject, type SheetState, type SpreadsheetState } from "./model.js";
import { formatComputed, type Computed, type ExtendedValue } from "./values.js";

// Google's defaults for a new en_US spreadsheet, as every recorded spreadsheets.get shows them.
const DEFAULT_FORMAT: JsonObject = {
  backgroundColor: { red: 1, green: 1, blue: 1 },
  padding: { top: 2, right: 3, bottom: 2, left: 3 },
  verticalAlignment: "BOTTOM",
  wrapStrategy: "OVERFLOW_CELL",
  textFormat: {
    foregroundColor: {},
    fontFamily: "arial,sans,sans-serif",
    fontSize: 10,
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    foregroundColorStyle: { rgbColor: {} },
  },
  backgroundColorStyle: { rgbColor: { red: 1, green: 1, blue: 1 } },
};

const rgb = (red: number, green: number, blue: number): JsonObject => ({ rgbColor: { red, green, blue } });

const DEFAULT_THEME: JsonObject = {
  primaryFontFamily: "Arial",
  themeColors: [
    { colorType: "TEXT", color: { rgbColor: {} } },
    { colorType: "BACKGROUND", color: rgb(1, 1, 1) },
    { colorType: "ACCENT1", color: rgb(0.25882354, 0.52156866, 0.95686275) },
    { colorType: "ACCENT2", color: rgb(0.91764706, 0.2627451, 0.20784314) },
    { colorType: "ACCENT3", color: rgb(0.9843137, 0.7372549, 0.015686275) },
    { colorType: "ACCENT4", color: rgb(0.20392157, 0.65882355, 0.3254902) },
    { colorType: "ACCENT5", color: rgb(1, 0.42745098, 0.003921569) },
    { colorType: "ACCENT6", color: rgb(0.27450982, 0.7411765, 0.7764706) },
    { colorType: "LINK", color: rgb(0.06666667, 0.33333334, 0.8) },
  ],
};

// Top-level and per-sheet field names, to reject a bad `fields` mask as Google does.
const SPREADSHEET_FIELDS = new Set(["spreadsheetId", "properties", "sheets", "namedRanges", "spreadsheetUrl", "developerMetadata", "dataSources", "dataSourceSchedules"]);
const SHEET_FIELDS = new Set([
  "properties", "data", "merges", "conditionalFormats", "filterViews", "protectedRanges", "basicFilter", "charts",
  "bandedRanges", "developerMetadata", "rowGroups", "columnGroups", "slicers", "tables",
]);

/** Expands "a(b,c),d/e" into ["a.b", "a.c", "d.e"]. */
export function parseFieldMask(mask: string): string[] {
  const out: string[] = [];
  const walk = (text: string, prefix: string): void => {
    let depth = 0;
    let start = 0;
    const parts: string[] = [];
    for (let i = 0; i <= text.length; i++) {
      const ch = text[i];
      if (ch === "(") depth++;
      else if (ch === ")") depth--;
      else if ((ch === "," && depth === 0) || i === text.length) {
        parts.push(text.slice(start, i).trim());
        start = i + 1;
      }
    }
    for (const part of parts) {
      if (!part) continue;
      const open = part.indexOf("(");
      if (open >= 0 && part.endsWith(")")) walk(part.slice(open + 1, -1), `${prefix}${part.slice(0, open).replaceAll("/", ".")}.`);
      else out.push(`${prefix}${part.replaceAll("/", ".")}`);
    }
  };
  walk(mask, "");
  return out;
}

function validateMask(paths: string[]): void {
  for (const path of paths) {
    const [top, second] = path.split(".");
    if (path === "*") continue;
    if (!top || !SPREADSHEET_FIELDS.has(top)) throw badFieldMask(path);
    if (top === "sheets" && second !== undefined && !SHEET_FIELDS.has(second)) throw badFieldMask(path);
  }
}

/** Keeps only the masked paths; arrays are masked element by element. */
export function applyMask(value: Json, paths: string[][]): Json {
  if (paths.some((p) => p.length === 0 || p[0] === "*")) return value;
  if (Array.isArray(value)) return value.map((v) => applyMask(v, paths));
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const sub = paths.filter((p) => p[0] === key).map((p) => p.slice(1));
    if (sub.length > 0) out[key] = applyMask(child, sub);
  }
  return out;
}

function extendedValueJson(v: ExtendedValue): JsonObject {
  return v as unknown as JsonObject;
}

const isPlainObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** Google's defaults under the cell's own format, nested objects merged key by key. */
function mergeFormat(base: JsonObject, own: JsonObject): JsonObject {
  const out: JsonObject = structuredClone(base);
  for (const [key, value] of Object.entries(own)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) && key !== "numberFormat" ? mergeFormat(current, value) : structuredClone(value);
  }
  // A colour set the old way also shows in its *Style twin, as Google answers both.
  if (isPlainObject(own.backgroundColor) && !own.backgroundColorStyle) out.backgroundColorStyle = { rgbColor: own.backgroundColor };
  const text = own.textFormat;
  if (isPlainObject(text) && isPlainObject(text.foregroundColor) && !text.foregroundColorStyle && isPlainObject(out.textFormat)) {
    out.textFormat.foregroundColorStyle = { rgbColor: text.foregroundColor };
  }
  return out;
}

/**
 * CellData.effectiveFormat: "the effective format being used by the cell. This includes the
 * results of applying any conditional formatting and, if the cell contains a formula, the
 * computed number format" (v4 reference, spreadsheets/cells#CellData). Google's
 * automatic horizontal alignment (text left, numbers right, booleans centred) and
 * hyperlinkDisplayType PLAIN_TEXT are as the Sheets UI shows them; conditional formats are
 * not applied here.
 */
function effectiveFormat(own: JsonObject, computed: Computed | undefined): JsonObject {
  const base: JsonObject = { ...DEFAULT_FORMAT };
  if (computed !== undefined && typeof computed !== "object") {
    base.horizontalAlignment = typeof computed === "number" ? "RIGHT" : typeof computed === "boolean" ? "CENTER" : "LEFT";
  }
  base.hyperlinkDisplayType = "PLAIN_TEXT";
  return mergeFormat(base, own);
}

/** ExtendedValue.errorValue for a computed error, with Google's ErrorType enum. */
export function errorValueJson(computed: { error: string; message?: string }): JsonObject {
  return { errorValue: { type: errorType(computed.error), message: computed.message ?? defaultErrorMessage(computed.error) } };
}

function cellData(book: SpreadsheetState, sheet: SheetState, r: number, c: number): JsonObject {
  const cell = getCell(sheet, r, c);
  if (!cell) return {};
  const out: JsonObject = {};
  const value = cell.input.value;
  let computed: Computed | undefined;
  if (value) {
    out.userEnteredValue = extendedValueJson(value);
    computed = computeCell(book, sheet, r, c);
    if (computed !== undefined) {
      out.effectiveValue =
        typeof computed === "object"
          ? errorValueJson(computed)
          : typeof computed === "number"
            ? { numberValue: computed }
            : typeof computed === "boolean"
              ? { boolValue: computed }
              : { stringValue: computed };
      out.formattedValue = formatComputed(computed, cell.input.numberFormat, book.properties.locale);
    }
  }
  const format: JsonObject = { ...(cell.format ?? {}) };
  if (cell.input.numberFormat) format.numberFormat = { ...cell.input.numberFormat };
  if (Object.keys(format).length > 0) out.userEnteredFormat = format;
  if (value || Object.keys(format).length > 0) out.effectiveFormat = effectiveFormat(format, computed);
  if (cell.note !== undefined) out.note = cell.note;
  if (cell.dataValidation) out.dataValidation = cell.dataValidation;
  return out;
}

// DimensionProperties defaults: 21 pixels a row, 100 a column, as Google answers for a new
// sheet. Sizes set by updateDimensionProperties are not kept by the model yet.
const DEFAULT_ROW_PIXELS = 21;
const DEFAULT_COLUMN_PIXELS = 100;

/** rowMetadata / columnMetadata for one range: pixel size and the metadata located on each line. */
function dimensionMetadata(book: SpreadsheetState, sheet: SheetState, rect: GridRect, dimension: "ROWS" | "COLUMNS"): JsonObject[] {
  const [start, end, pixels] = dimension === "ROWS" ? [rect.startRow, rect.endRow, DEFAULT_ROW_PIXELS] : [rect.startCol, rect.endCol, DEFAULT_COLUMN_PIXELS];
  const located = book.developerMetadata.filter((m) => {
    const range = m.location.dimensionRange as JsonObject | undefined;
    return range && (range.sheetId ?? 0) === sheet.properties.sheetId && range.dimension === dimension;
  });
  const out: JsonObject[] = [];
  for (let i = start; i <= end; i++) {
    const entry: JsonObject = { pixelSize: pixels };
    const here = located.filter((m) => {
      const range = m.location.dimensionRange as JsonObject;
      return (range.startIndex ?? 0) === i && range.endIndex === i + 1;
    });
    if (here.length > 0) entry.developerMetadata = here.map((m) => metadataJson(m));
    out.push(entry);
  }
  return out;
}

function gridData(book: SpreadsheetState, sheet: SheetState, rangeText: string | undefined): JsonObject {
  const { rect } = rangeText ? resolveRange(book, rangeText, "read") : { rect: { startRow: 0, startCol: 0, endRow: sheet.properties.gridProperties.rowCount - 1, endCol: sheet.properties.gridProperties.columnCount - 1 } };
  const rowData: JsonObject[] = [];
  for (let r = rect.startRow; r <= Math.min(rect.endRow, sheet.rows.length - 1); r++) {
    const values: JsonObject[] = [];
    for (let c = rect.startCol; c <= rect.endCol; c++) values.push(cellData(book, sheet, r, c));
    rowData.push({ values });
  }
  const out: JsonObject = {};
  if (rect.startRow > 0) out.startRow = rect.startRow;
  if (rect.startCol > 0) out.startColumn = rect.startCol;
  out.rowData = rowData;
  out.rowMetadata = dimensionMetadata(book, sheet, rect, "ROWS");
  out.columnMetadata = dimensionMetadata(book, sheet, rect, "COLUMNS");
  return out;
}

const isEmptyObject = (v: Json | undefined): boolean => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;

/** After masking, Google drops trailing empty cells and rows, and an empty rowData. */
function trimGridData(data: JsonObject): void {
  const rows = data.rowData;
  if (!Array.isArray(rows)) return;
  for (const row of rows) {
    if (row && typeof row === "object" && !Array.isArray(row) && Array.isArray(row.values)) {
      const values = row.values;
      while (values.length > 0 && isEmptyObject(values[values.length - 1])) values.pop();
      if (values.length === 0) delete row.values;
    }
  }
  while (rows.length > 0 && isEmptyObject(rows[rows.length - 1])) rows.pop();
  if (rows.length === 0) delete data.rowData;
}

export interface GetOptions {
  ranges: string[];
  includeGridData: boolean;
  fields?: string;
}

function sheetJson(sheet: SheetState): JsonObject {
  const out: JsonObject = { properties: sheet.properties };
  if (sheet.merges.length > 0) out.merges = sheet.merges;
  if (sheet.conditionalFormats.length > 0) out.conditionalFormats = sheet.conditionalFormats;
  if (sheet.protectedRanges.length > 0) out.protectedRanges = sheet.protectedRanges;
  if (sheet.basicFilter) out.basicFilter = sheet.basicFilter;
  for (const key of ["filterViews", "bandedRanges", "rowGroups", "columnGroups", "charts"] as const) if (sheet[key]?.length) out[key] = sheet[key];
  return out;
}

export function spreadsheetJson(book: SpreadsheetState, options: GetOptions): JsonObject {
  const mask = options.fields ? parseFieldMask(options.fields) : undefined;
  if (mask) validateMask(mask);
  const wantsData = options.includeGridData || (mask?.some((p) => p.startsWith("sheets.data")) ?? false);
  let sheets: { sheet: SheetState; ranges: (string | undefined)[] }[];
  if (options.ranges.length > 0) {
    sheets = [];
    for (const range of options.ranges) {
      const { sheet } = resolveRange(book, range, "read");
      const entry = sheets.find((s) => s.sheet === sheet);
      if (entry) entry.ranges.push(range);
      else sheets.push({ sheet, ranges: [range] });
    }
  } else {
    sheets = sortedSheets(book).map((sheet) => ({ sheet, ranges: [undefined] }));
  }
  const out: JsonObject = {
    spreadsheetId: book.spreadsheetId,
    properties: { ...book.properties, defaultFormat: DEFAULT_FORMAT, spreadsheetTheme: DEFAULT_THEME },
    sheets: sheets.map(({ sheet, ranges }) => {
      const json = sheetJson(sheet);
      if (wantsData) json.data = ranges.map((r) => gridData(book, sheet, r));
      const metadata = book.developerMetadata.filter((m) => (m.location as { sheetId?: number }).sheetId === sheet.properties.sheetId);
      if (metadata.length > 0) json.developerMetadata = metadata as unknown as Json[];
      return json;
    }),
    // Google's own URL form, so clients that parse it keep working; the local page is /view/<id>.
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${book.spreadsheetId}/edit`,
  };
  if (book.namedRanges?.length) out.namedRanges = book.namedRanges;
  const bookMetadata = book.developerMetadata.filter((m) => m.location.spreadsheet === true);
  if (bookMetadata.length > 0) out.developerMetadata = bookMetadata as unknown as Json[];
  const result = mask ? (applyMask(out, mask.map((p) => p.split("."))) as JsonObject) : out;
  const resultSheets = result.sheets;
  if (Array.isArray(resultSheets)) {
    for (const s of resultSheets) {
      if (s && typeof s === "object" && !Array.isArray(s) && Array.isArray(s.data)) {
        for (const d of s.data) if (d && typeof d === "object" && !Array.isArray(d)) trimGridData(d);
      }
    }
  }
  return result;
}
