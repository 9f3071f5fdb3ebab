// Rows a run appends (values.append with INSERT_ROWS) get the tab's dropdowns from the row next
// to them, in one copyPaste (PASTE_DATA_VALIDATION). Google documents no rule that rows
// values.append inserts take their neighbours' data validation: the values.append reference
// says only that rows are inserted for the new data, and InsertDimensionRequest's
// inheritFromBefore speaks of "dimension properties" (developers.google.com/sheets/api/
// reference/rest/v4/spreadsheets.values/append, .../spreadsheets/request#InsertDimensionRequest).
// So labinov does not rely on it; the emulator inserts such rows blank, the case that needs this.
// CopyPasteRequest repeats a one-row source over a taller destination (its reference: "the data
// will be repeated to fill in the destination range").
import type { sheets_v4 } from "@googleapis/sheets";
import type { log as defaultLog } from "../../src/log.js";
import type { SheetsCaller } from "../client.js";
import type { Layout } from "../layout/columns.js";

/** The columns `sheets init` lays dropdowns on (sheets/init.ts, formatRequests): lists of labels, units, innovations. */
function dropdownColumns(layout: Layout): number[] {
  return layout.fields.filter(({ def }) => def.cell.type === "enum" || def.cell.type === "unit" || def.cell.type === "innovation").map(({ column }) => column);
}

/**
 * Copies the dropdowns of the row above the appended rows (the row below when they start right
 * under the header, which `sheets init` laid dropdowns on) onto them, column by column of the
 * layout's dropdown columns, in one request. A failure is logged, not thrown: the rows and their
 * values are in; `sheets init` lays the dropdowns again.
 */
export async function copyDropdowns(
  sheets: sheets_v4.Sheets,
  caller: SheetsCaller,
  log: typeof defaultLog,
  where: { spreadsheetId: string; tab: string; sheetId: number; layout: Layout },
  firstRow: number,
  count: number,
): Promise<void> {
  const columns = dropdownColumns(where.layout);
  if (count === 0 || columns.length === 0) return;
  const start = firstRow - 1; // zero-based
  const from = start > 1 ? start - 1 : start + count;
  const cells = (row: number, rowCount: number, column: number) => ({ sheetId: where.sheetId, startRowIndex: row, endRowIndex: row + rowCount, startColumnIndex: column, endColumnIndex: column + 1 });
  const requests = columns.map((column) => ({
    copyPaste: { source: cells(from, 1, column), destination: cells(start, count, column), pasteType: "PASTE_DATA_VALIDATION", pasteOrientation: "NORMAL" },
  }));
  try {
    await caller.call("spreadsheets.batchUpdate", `copying the dropdowns onto ${count} added row(s) of tab ${where.tab} of spreadsheet ${where.spreadsheetId}`, () =>
      sheets.spreadsheets.batchUpdate({ spreadsheetId: where.spreadsheetId, requestBody: { requests } }),
    );
  } catch (error) {
    log.warn("sheet sync: the dropdowns could not be copied onto added rows; `sheets init` lays them again", { spreadsheetId: where.spreadsheetId, tab: where.tab, firstRow, count, error: String(error) });
  }
}
