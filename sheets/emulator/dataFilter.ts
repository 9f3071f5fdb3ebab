// DataFilter (v4 reference, spreadsheets/other#DataFilter): exactly one of `a1Range`,
// `gridRange` or `developerMetadataLookup`. A lookup selects the rows, columns or tab its
// matching metadata is located on. Used by getByDataFilter and the values *ByDataFilter calls.
import { formatRange } from "./a1.js";
import { metadataMatches } from "./batchUpdate.js";
import { invalidArgument } from "./errors.js";
import { resolveRange, sheetById, sortedSheets, type JsonObject, type ResolvedRange, type SheetState, type SpreadsheetState } from "./model.js";

export interface MatchedRange {
  range: ResolvedRange;
  /** The range in Google's normalised A1 form, e.g. "Sheet1!A2:Z2". */
  text: string;
}

const matched = (sheet: SheetState, range: ResolvedRange["rect"], open: boolean): MatchedRange => ({
  range: { sheet, rect: range, open },
  text: formatRange(sheet.properties.title, range),
});

function gridRangeMatch(book: SpreadsheetState, grid: JsonObject, field: string): MatchedRange {
  const sheetId = (grid.sheetId as number | undefined) ?? 0;
  const sheet = sheetById(book, sheetId);
  if (!sheet) throw invalidArgument(`Invalid ${field}.gridRange: No grid with id: ${sheetId}`);
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
  const rect = {
    startRow: num(grid.startRowIndex, 0),
    endRow: Math.min(num(grid.endRowIndex, rowCount), rowCount) - 1,
    startCol: num(grid.startColumnIndex, 0),
    endCol: Math.min(num(grid.endColumnIndex, columnCount), columnCount) - 1,
  };
  const open = [grid.startRowIndex, grid.endRowIndex, grid.startColumnIndex, grid.endColumnIndex].some((v) => v === undefined);
  return matched(sheet, rect, open);
}

/** The ranges one data filter selects, in the order Google would list them. */
export function resolveDataFilter(book: SpreadsheetState, filter: JsonObject, field: string): MatchedRange[] {
  const kinds = ["a1Range", "gridRange", "developerMetadataLookup"].filter((k) => filter[k] !== undefined);
  // Google's wording for a filter with none or several criteria is not confirmed.
  if (kinds.length !== 1) throw invalidArgument(`Invalid ${field}: a data filter sets exactly one of a1Range, gridRange, developerMetadataLookup.`);
  if (filter.a1Range !== undefined) {
    const resolved = resolveRange(book, String(filter.a1Range), "read");
    return [{ range: resolved, text: formatRange(resolved.sheet.properties.title, resolved.rect) }];
  }
  if (filter.gridRange !== undefined) return [gridRangeMatch(book, filter.gridRange as JsonObject, field)];
  const lookup = filter.developerMetadataLookup as JsonObject;
  const out: MatchedRange[] = [];
  for (const meta of book.developerMetadata) {
    if (!metadataMatches(meta, lookup)) continue;
    const location = meta.location;
    const dimension = location.dimensionRange as JsonObject | undefined;
    if (dimension) {
      const sheet = sheetById(book, (dimension.sheetId as number | undefined) ?? 0);
      if (!sheet) continue;
      const { rowCount, columnCount } = sheet.properties.gridProperties;
      const start = (dimension.startIndex as number | undefined) ?? 0;
      const rows = dimension.dimension !== "COLUMNS";
      const end = ((dimension.endIndex as number | undefined) ?? (rows ? rowCount : columnCount)) - 1;
      const rect = rows ? { startRow: start, endRow: end, startCol: 0, endCol: columnCount - 1 } : { startRow: 0, endRow: rowCount - 1, startCol: start, endCol: end };
      out.push(matched(sheet, rect, true));
    } else if (location.sheetId !== undefined) {
      const sheet = sheetById(book, location.sheetId as number);
      if (!sheet) continue;
      const { rowCount, columnCount } = sheet.properties.gridProperties;
      out.push(matched(sheet, { startRow: 0, endRow: rowCount - 1, startCol: 0, endCol: columnCount - 1 }, true));
    } else if (location.spreadsheet === true) {
      // Metadata on the spreadsheet selects every tab (the emulator's reading; not confirmed).
      for (const sheet of sortedSheets(book)) {
        const { rowCount, columnCount } = sheet.properties.gridProperties;
        out.push(matched(sheet, { startRow: 0, endRow: rowCount - 1, startCol: 0, endCol: columnCount - 1 }, true));
      }
    }
  }
  return out;
}

