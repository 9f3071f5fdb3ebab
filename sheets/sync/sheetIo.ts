// The Sheets side of a run, in as few requests as the API allows: one values.batchGet for every
// tab of a spreadsheet, one values.batchUpdate (RAW) carrying only changed cells and echoing
// each written row as it was at write time, and one batchUpdate inserting a tab's new rows.
import type { sheets_v4 } from "@googleapis/sheets";
import type { CellOutput, CellValue } from "../layout/cells.js";
import { columnLetter, quoteTab } from "../layout/columns.js";
import { GoogleApiError, type SheetsCaller } from "../client.js";
import type { CellWrite } from "./render.js";
import { JsonIncompleteError, parseJsonStream } from "./jsonStream.js";

/**
 * A range naming a tab that does not exist is refused as a whole with 400 INVALID_ARGUMENT
 * ("Unable to parse range", Sheets API v4 values.batchGet / batchUpdate); that status, not the
 * wording, says "a tab may be gone". readTabs then asks the tab list which; the dashboard's
 * write, whose ranges are all of its one tab, takes it as that tab being gone.
 */
export function isMissingTab(error: unknown): boolean {
  return error instanceof GoogleApiError && error.code === 400 && error.status === "INVALID_ARGUMENT";
}

async function tabTitles(sheets: sheets_v4.Sheets, caller: SheetsCaller, spreadsheetId: string): Promise<Set<string>> {
  const data = await caller.call("spreadsheets.get", `reading the tab names of spreadsheet ${spreadsheetId}`, () =>
    sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties.title" }),
  );
  return new Set((data.sheets ?? []).map((sheet) => sheet.properties?.title ?? ""));
}

/**
 * A read whose answer is parsed as its bytes arrive (`jsonStream.ts`), never held whole: a
 * 50,000-row tab's answer would otherwise be in memory three times at once (the bytes, one
 * string, the parsed cells). Every status is taken as an answer (`validateStatus`), so a failure's
 * body is read here and raised in gaxios' shape (`response.status`, `response.data`): gaxios loses
 * the body of a failed stream read, and `googleApiError` needs Google's status word from it. The
 * client's time-out still covers the whole read, body included (gaxios aborts the fetch by it).
 */
async function streamedJson<T>(request: (options: { responseType: "stream"; validateStatus: () => boolean }) => Promise<{ status: number; data: unknown }>, each?: (value: unknown) => unknown): Promise<{ data: T }> {
  const response = await request({ responseType: "stream", validateStatus: () => true });
  let data: unknown;
  try {
    data = await parseJsonStream(response.data as AsyncIterable<Uint8Array>, each);
  } catch (error) {
    // An answer cut short without a network error (the connection closed cleanly mid-body) is
    // the same lost answer as a dropped one: retried alike (sheets/retry.ts).
    if (error instanceof JsonIncompleteError) throw Object.assign(new Error("the answer ended before its JSON did"), { code: "ERR_STREAM_PREMATURE_CLOSE" });
    // Not JSON (a proxy's page on a failure): the status alone tells.
    if (response.status < 300) throw error;
  }
  if (response.status >= 300) throw Object.assign(new Error(`Request failed with status code ${response.status}`), { status: response.status, response: { status: response.status, data } });
  return { data: data as T };
}

/** Short texts up to this length are shared; longer ones (descriptions, problems) rarely repeat. */
const SHARED_TEXT_MAX = 40;
/** Distinct texts kept for sharing: the first ones a read meets, which hold a column's choices and units. */
const SHARED_TEXTS = 10_000;

/**
 * One string for every cell of a read showing the same short text: JSON.parse makes a string per
 * cell, and a tab repeats most of its short texts (choices, unit names, "✓ Tersinkron", the same
 * date typed as text). A 50,000-row bench tab's cells take 18 MB of heap this way instead of 31.
 * Applied to each row as it is parsed; its strings are replaced in place.
 */
function sharedTexts(): (value: unknown) => unknown {
  const texts = new Map<string, string>();
  return (value) => {
    if (!Array.isArray(value)) return value;
    for (let index = 0; index < value.length; index++) {
      const cell: unknown = value[index];
      if (typeof cell !== "string" || cell.length > SHARED_TEXT_MAX) continue;
      const shared = texts.get(cell);
      if (shared !== undefined) value[index] = shared;
      else if (texts.size < SHARED_TEXTS) texts.set(cell, cell);
    }
    return value;
  };
}

/** Reads whole tabs; tabs that do not exist come back in `missing` (found with one metadata read). */
export async function readTabs(
  sheets: sheets_v4.Sheets,
  caller: SheetsCaller,
  spreadsheetId: string,
  tabs: string[],
  /** Why, for the error a failed read raises (e.g. "checking rows before writing changed cells"). */
  purpose = "reading",
  /** FORMULA: a formula cell reads as its formula; every other cell as with UNFORMATTED_VALUE. */
  render: "UNFORMATTED_VALUE" | "FORMULA" = "UNFORMATTED_VALUE",
): Promise<{ tabs: Map<string, CellValue[][]>; missing: string[] }> {
  const result = new Map<string, CellValue[][]>();
  if (tabs.length === 0) return { tabs: result, missing: [] };
  const get = (wanted: string[]) =>
    caller.call("spreadsheets.values.batchGet", `${purpose} ${wanted.length} tab(s) of spreadsheet ${spreadsheetId}`, () =>
      streamedJson<sheets_v4.Schema$BatchGetValuesResponse>((options) =>
        sheets.spreadsheets.values.batchGet(
          {
            spreadsheetId,
            ranges: wanted.map(quoteTab),
            majorDimension: "ROWS",
            valueRenderOption: render,
            dateTimeRenderOption: "SERIAL_NUMBER",
            // Google indents its JSON by default, a line per cell (the recorded answers in
            // ../shared/fixtures/sheets-api); the standard parameter `prettyPrint` ("Returns
            // response with indentations and line breaks") off halves the bytes of a large tab.
            prettyPrint: false,
          },
          options,
        ),
        sharedTexts(),
      ),
    );
  let wanted = tabs;
  let missing: string[] = [];
  let data: sheets_v4.Schema$BatchGetValuesResponse;
  try {
    data = await get(wanted);
  } catch (error) {
    if (!isMissingTab(error)) throw error;
    const titles = await tabTitles(sheets, caller, spreadsheetId);
    missing = tabs.filter((tab) => !titles.has(tab));
    if (missing.length === 0) throw error;
    wanted = tabs.filter((tab) => titles.has(tab));
    if (wanted.length === 0) return { tabs: result, missing };
    data = await get(wanted);
  }
  wanted.forEach((tab, index) => result.set(tab, (data.valueRanges?.[index]?.values as CellValue[][] | undefined) ?? []));
  return { tabs: result, missing };
}

/** One written row: its cells (0-based columns), and how wide to echo it back. */
export interface RowWrite {
  tab: string;
  row: number;
  cells: CellWrite[];
  width: number;
}

/**
 * Writes rows in one request (RAW) and returns each row as it was right after the write, at the
 * server (`includeValuesInResponse`): every range spans the whole row with null for the cells we
 * leave alone ("Null values will be skipped", ValueRange.values in the Sheets API v4 reference),
 * so the echo shows the row's ID and own content at the moment our values landed. A row's echo is
 * null when the server gave none.
 */
export async function writeRowsEchoed(
  sheets: sheets_v4.Sheets,
  caller: SheetsCaller,
  spreadsheetId: string,
  rows: RowWrite[],
  doing: string,
): Promise<(CellValue[] | null)[]> {
  if (rows.length === 0) return [];
  const data = rows.map(({ tab, row, cells, width }): sheets_v4.Schema$ValueRange => {
    const span = Math.max(width, ...cells.map((cell) => cell.column + 1));
    const values: (string | number | null)[] = Array.from({ length: span }, () => null);
    for (const cell of cells) values[cell.column] = cell.value;
    return { range: `${quoteTab(tab)}!A${row}:${columnLetter(span - 1)}${row}`, majorDimension: "ROWS", values: [values] };
  });
  const response = await caller.call("spreadsheets.values.batchUpdate", `${doing} in spreadsheet ${spreadsheetId}`, () =>
    sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: "RAW",
        data,
        includeValuesInResponse: true,
        responseValueRenderOption: "UNFORMATTED_VALUE",
        responseDateTimeRenderOption: "SERIAL_NUMBER",
      },
    }),
    // Not repeated at the same places after a failure: the caller reads and places again.
    { once: true },
  );
  return rows.map((_, index) => {
    const echoed = response.responses?.[index]?.updatedData;
    if (!echoed) return null;
    return ((echoed.values as CellValue[][] | undefined)?.[0] ?? []) as CellValue[];
  });
}

/** A tab's grid as the spreadsheet's metadata tells it, found by title; null when no tab has it. */
export async function tabGrid(sheets: sheets_v4.Sheets, caller: SheetsCaller, spreadsheetId: string, tab: string): Promise<{ sheetId: number; rowCount: number } | null> {
  const data = await caller.call("spreadsheets.get", `finding the grid of tab ${tab} of spreadsheet ${spreadsheetId}`, () =>
    sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties(sheetId,title,gridProperties.rowCount)" }),
  );
  const properties = data.sheets?.find((sheet) => sheet.properties?.title === tab)?.properties;
  if (typeof properties?.sheetId !== "number") return null;
  return { sheetId: properties.sheetId, rowCount: properties.gridProperties?.rowCount ?? 0 };
}

/** Where new rows go: the tab's sheetId, the 0-based row index they are inserted at, the grid's row count if read. */
export interface RowsAt {
  sheetId: number;
  at: number;
  gridRows: number | null;
}

/** A value as the RAW write stores it, as CellData JSON: text stays text (a leading "=" or digits included), numbers stay numbers. */
function cellDataJson(value: CellOutput | boolean | null): string {
  if (value === null || value === "") return "{}";
  if (typeof value === "number") return `{"userEnteredValue":{"numberValue":${JSON.stringify(value)}}}`;
  if (typeof value === "boolean") return `{"userEnteredValue":{"boolValue":${value}}}`;
  return `{"userEnteredValue":{"stringValue":${JSON.stringify(value)}}}`;
}

/**
 * The body of the batch that adds rows at one place (spreadsheets.batchUpdate reference: "If any
 * request is not valid then the entire request will fail and nothing will be applied", and the
 * updates "will be applied together atomically"), as JSON text made line by line: 10,000 rows as
 * CellData objects held ~30 MB more than their text.
 * - insertDimension: new, empty rows at `at`, so nothing staff typed is overwritten. Its
 *   inheritFromBefore extends "dimension properties" (formats: the reference's example is a
 *   background colour) from the row before, or with false from the row after; Google refuses true
 *   at index 0 and false at the grid's end ("range.startIndex must be less than the grid size (1)
 *   if inheritFromBefore is false", quoted in nithinmurali/pygsheets#46). Below the header alone
 *   the rows take the blank row's formats, never the header's.
 * - updateCells (fields userEnteredValue) from column A: an ExtendedValue is stored as given, as
 *   with RAW ("stringValue ... Leading single quotes are not included"; a formula is only a
 *   formulaValue), so "=..." or "0812..." stays text and the column's number format stays.
 * - copyPaste PASTE_DATA_VALIDATION of the neighbouring row onto them: Google documents no rule
 *   that inserted rows take their neighbours' data validation, so the dropdowns `sheets init`
 *   laid are copied (from the row above; below the header alone, from the row below). A one-row
 *   source repeats over a taller destination (CopyPasteRequest: "the data will be repeated to
 *   fill in the destination range").
 */
export function addRowsBody({ sheetId, at, gridRows }: RowsAt, rows: Iterable<readonly (CellOutput | null)[]>): { body: string; count: number; cells: number } {
  const lines: string[] = [];
  let cells = 0;
  for (const row of rows) {
    lines.push(`{"values":[${row.map(cellDataJson).join(",")}]}`);
    cells += row.reduce((sum: number, value) => (value === null || value === "" ? sum : sum + 1), 0);
  }
  const count = lines.length;
  const rowsAfter = gridRows === null || gridRows > at;
  const fromBefore = at > 1 || !rowsAfter;
  const source = at > 1 ? at - 1 : rowsAfter ? at + count : null;
  const insert: sheets_v4.Schema$Request = { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: at, endIndex: at + count }, inheritFromBefore: fromBefore } };
  const requests = [JSON.stringify(insert), `{"updateCells":{"start":${JSON.stringify({ sheetId, rowIndex: at, columnIndex: 0 })},"rows":[${lines.join(",")}],"fields":"userEnteredValue"}}`];
  if (source !== null) {
    const paste: sheets_v4.Schema$Request = {
      copyPaste: {
        source: { sheetId, startRowIndex: source, endRowIndex: source + 1 },
        destination: { sheetId, startRowIndex: at, endRowIndex: at + count },
        pasteType: "PASTE_DATA_VALIDATION",
        pasteOrientation: "NORMAL",
      },
    };
    requests.push(JSON.stringify(paste));
  }
  return { body: `{"requests":[${requests.join(",")}]}`, count, cells };
}

/**
 * Adds rows to a tab at a known place, with their dropdowns, in one request: the rows land on
 * rows `at + 1` to `at + count` (1-based) or not at all, whatever the tab's column A holds
 * (values.append would look for a "table" there and, in a blank column A, write at the top).
 * The body goes as the JSON text `addRowsBody` made (gaxios sends a string body as it is).
 */
export async function addRows(sheets: sheets_v4.Sheets, caller: SheetsCaller, spreadsheetId: string, tab: string, body: { body: string; count: number }): Promise<void> {
  if (body.count === 0) return;
  await caller.call("spreadsheets.batchUpdate", `adding rows to tab ${tab} of spreadsheet ${spreadsheetId} (${body.count})`, () =>
    sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: body.body as sheets_v4.Schema$BatchUpdateSpreadsheetRequest }, { headers: { "content-type": "application/json" } }),
    // Never repeated blindly: a batch whose answer was lost may have landed (see appendNewRows).
    { once: true },
  );
}

/**
 * Tells staff in the sheet why a tab is paused (or that it runs again): a note on its first
 * header cell, where the tab begins. Only when the pause changes: a metadata read and one write.
 */
export async function noteOnTab(sheets: sheets_v4.Sheets, caller: SheetsCaller, spreadsheetId: string, tab: string, note: string): Promise<void> {
  const grid = await tabGrid(sheets, caller, spreadsheetId, tab);
  if (!grid) return;
  const { sheetId } = grid;
  await caller.call("spreadsheets.batchUpdate", `noting the sync state on tab ${tab} of spreadsheet ${spreadsheetId}`, () =>
    sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [{ updateCells: { range: { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, rows: [{ values: [{ note }] }], fields: "note" } }],
      },
    }),
  );
}

/** The spreadsheet's locale (its `properties.locale`), by which Sheets and labinov read typed text. */
export async function spreadsheetLocale(sheets: sheets_v4.Sheets, caller: SheetsCaller, spreadsheetId: string): Promise<string> {
  const data = await caller.call("spreadsheets.get", `reading the locale of spreadsheet ${spreadsheetId}`, () =>
    sheets.spreadsheets.get({ spreadsheetId, fields: "properties.locale" }),
  );
  return data.properties?.locale ?? "";
}
