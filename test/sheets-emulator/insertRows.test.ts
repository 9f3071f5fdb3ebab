// The batch a sync run sends to add rows (sheets/sync/sheetIo.ts addRowsBody): insertDimension,
// updateCells of userEnteredValue, copyPaste of data validation, through the real client. Each
// test names the Sheets API v4 reference text (spreadsheets/request, spreadsheets.values/append)
// or the recorded Google answer (../shared/fixtures/sheets-api/) its behaviour rests on.
import type { sheets_v4 } from "@googleapis/sheets";
import { describe, expect, it } from "vitest";
import { addRowsBody, type RowsAt } from "../../sheets/sync/sheetIo.js";
import { BOLD, batch, cells, googleError, newBook, harnessForFile, values } from "./structuralHelpers.js";

/** The requests of the batch as the sync sends them (its body is JSON text made line by line). */
function addRowsRequests(where: RowsAt, rows: (string | number | null)[][]): sheets_v4.Schema$Request[] {
  return (JSON.parse(addRowsBody(where, rows).body) as sheets_v4.Schema$BatchUpdateSpreadsheetRequest).requests!;
}

const h = harnessForFile();

const dropdown = { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "Ya" }, { userEnteredValue: "Tidak" }] }, showCustomUi: true, strict: false };
const rows = (from: number, to: number) => ({ sheetId: 0, dimension: "ROWS", startIndex: from, endIndex: to });

describe("insertDimension: what new rows inherit, where Google refuses", () => {
  // "false to inherit from the dimensions after": the row below gives its formats.
  it("without inheritFromBefore the new rows take the format of the row after them", async () => {
    const id = await newBook(h, [["judul"], ["isi"]]);
    await batch(h, id, { repeatCell: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2 }, cell: BOLD, fields: "userEnteredFormat.textFormat.bold" } });
    await batch(h, id, { insertDimension: { range: rows(1, 3), inheritFromBefore: false } });
    const grid = await cells(h, id, "A1:A4");
    expect(grid[0]?.[0]?.userEnteredFormat?.textFormat?.bold).toBeUndefined();
    expect(grid[1]?.[0]?.userEnteredFormat?.textFormat?.bold).toBe(true);
    expect(grid[2]?.[0]?.userEnteredFormat?.textFormat?.bold).toBe(true);
    expect(await values(h, id, "A1:A4")).toEqual([["judul"], [], [], ["isi"]]);
  });

  it("inherits no data validation: a dropdown stays on its own row", async () => {
    const id = await newBook(h, [["judul"], ["Ya"]]);
    await batch(h, id, { setDataValidation: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 }, rule: dropdown } });
    await batch(h, id, { insertDimension: { range: rows(2, 3), inheritFromBefore: true } });
    const grid = await cells(h, id, "A2:A3");
    expect(grid[0]?.[0]?.dataValidation?.condition?.type).toBe("ONE_OF_LIST");
    expect(grid[1]?.[0]?.dataValidation).toBeUndefined();
  });

  // Google: "range.startIndex must be less than the grid size (1) if inheritFromBefore is false"
  // (quoted in nithinmurali/pygsheets#46); true needs "the start index ... greater than 0".
  it("refuses inheriting from after at the grid's end, and from before at index 0, changing nothing", async () => {
    const id = await newBook(h, [["a"]]);
    await batch(h, id, { updateSheetProperties: { properties: { sheetId: 0, gridProperties: { rowCount: 2 } }, fields: "gridProperties.rowCount" } });
    const atEnd = await googleError(batch(h, id, { insertDimension: { range: rows(2, 3) } }));
    expect(atEnd).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "Invalid requests[0].insertDimension: range.startIndex must be less than the grid size (2) if inheritFromBefore is false." });
    const atTop = await googleError(batch(h, id, { insertDimension: { range: rows(0, 1), inheritFromBefore: true } }));
    expect(atTop).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    await batch(h, id, { insertDimension: { range: rows(2, 3), inheritFromBefore: true } });
    const grid = await h.sheets.spreadsheets.get({ spreadsheetId: id, fields: "sheets.properties.gridProperties.rowCount" });
    expect(grid.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(3);
  });
});

describe("updateCells with fields userEnteredValue", () => {
  // UpdateCellsRequest.fields: "The fields of CellData that should be updated"; ExtendedValue
  // stringValue is text as given (a formula is only a formulaValue).
  it("stores text as text (a leading = or zeros kept), numbers as numbers, and leaves the cell's number format", async () => {
    const id = await newBook(h, [["h"]]);
    await batch(h, id, { repeatCell: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2 }, cell: { userEnteredFormat: { numberFormat: { type: "TEXT", pattern: "@" } } }, fields: "userEnteredFormat.numberFormat" } });
    await batch(h, id, {
      updateCells: {
        start: { sheetId: 0, rowIndex: 1, columnIndex: 0 },
        rows: [{ values: [{ userEnteredValue: { stringValue: "=1+1" } }, { userEnteredValue: { stringValue: "0812" } }, { userEnteredValue: { numberValue: 46027 } }, { userEnteredValue: { boolValue: true } }, {}] }],
        fields: "userEnteredValue",
      },
    });
    expect(await values(h, id, "A2:E2", "FORMULA")).toEqual([["=1+1", "0812", 46027, true]]);
    expect(await values(h, id, "A2:E2", "UNFORMATTED_VALUE")).toEqual([["=1+1", "0812", 46027, true]]);
    const [row] = await cells(h, id, "A2");
    expect(row?.[0]?.userEnteredFormat?.numberFormat).toEqual({ type: "TEXT", pattern: "@" });
  });
});

describe("the rows a sync run adds, in one batch", () => {
  async function tab(): Promise<string> {
    const id = await newBook(h, [["ID", "Nama", "Pilihan"], ["INO-1", "satu", "Ya"], ["INO-2", "dua", "Tidak"]]);
    await batch(h, id, { setDataValidation: { range: { sheetId: 0, startRowIndex: 1, startColumnIndex: 2, endColumnIndex: 3 }, rule: dropdown } });
    return id;
  }

  it("lands below the last row read, with values as written and the dropdowns of the row above", async () => {
    const id = await tab();
    const requests = addRowsRequests({ sheetId: 0, at: 3, gridRows: null }, [["INO-3", "=bukan rumus", null], ["INO-4", "0042", "Ya"]]);
    const replies = await batch(h, id, ...requests);
    expect(replies).toEqual([{}, {}, {}]);
    expect(await values(h, id, "A1:C5", "FORMULA")).toEqual([["ID", "Nama", "Pilihan"], ["INO-1", "satu", "Ya"], ["INO-2", "dua", "Tidak"], ["INO-3", "=bukan rumus"], ["INO-4", "0042", "Ya"]]);
    const grid = await cells(h, id, "C4:C5");
    expect(grid.map((row) => row[0]?.dataValidation?.condition?.type)).toEqual(["ONE_OF_LIST", "ONE_OF_LIST"]);
  });

  // values.append would look for a "table" in A:A; with column A blank it finds none and writes
  // at the range's top (recorded: an append to an empty 'Sheet1'!A2 lands on A2, no tableRange,
  // cassettes/WorksheetTest.test_insert_row.json). The batch names its rows, so column A is irrelevant.
  it("a blank column A staff inserted: values.append writes at the top, the batch below the last row", async () => {
    const id = await tab();
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 1 } } });
    await h.sheets.spreadsheets.values.append({ spreadsheetId: id, range: "Sheet1!A:A", valueInputOption: "RAW", insertDataOption: "INSERT_ROWS", requestBody: { values: [["X"]] } });
    expect((await values(h, id, "A1:A1"))[0]).toEqual(["X"]);
    const fresh = await tab();
    await batch(h, fresh, { insertDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 1 } } });
    await batch(h, fresh, ...addRowsRequests({ sheetId: 0, at: 3, gridRows: null }, [[null, "INO-3", "tiga"]]));
    expect(await values(h, fresh, "A1:D4")).toEqual([["", "ID", "Nama", "Pilihan"], ["", "INO-1", "satu", "Ya"], ["", "INO-2", "dua", "Tidak"], ["", "INO-3", "tiga"]]);
  });

  it("below the header alone: the rows take the row below's formats and dropdowns, never the header's", async () => {
    const id = await newBook(h, [["ID", "Nama", "Pilihan"]]);
    await batch(h, id, { repeatCell: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 }, cell: BOLD, fields: "userEnteredFormat.textFormat.bold" } });
    await batch(h, id, { setDataValidation: { range: { sheetId: 0, startRowIndex: 1, startColumnIndex: 2, endColumnIndex: 3 }, rule: dropdown } });
    await batch(h, id, ...addRowsRequests({ sheetId: 0, at: 1, gridRows: 1000 }, [["INO-1", "satu", "Ya"], ["INO-2", "dua", null]]));
    const grid = await cells(h, id, "A2:C3");
    expect(grid.map((row) => row[0]?.userEnteredFormat?.textFormat?.bold)).toEqual([undefined, undefined]);
    expect(grid.map((row) => row[2]?.dataValidation?.condition?.type)).toEqual(["ONE_OF_LIST", "ONE_OF_LIST"]);
    // A grid of the header row only: the rows inherit from before and no row below gives dropdowns.
    const bare = await newBook(h, [["ID"]]);
    await batch(h, bare, { updateSheetProperties: { properties: { sheetId: 0, gridProperties: { rowCount: 1 } }, fields: "gridProperties.rowCount" } });
    await batch(h, bare, ...addRowsRequests({ sheetId: 0, at: 1, gridRows: 1 }, [["INO-1"]]));
    expect(await values(h, bare, "A1:A2")).toEqual([["ID"], ["INO-1"]]);
  });

  it("a batch Google refuses (a sheetId that is gone) adds nothing", async () => {
    const id = await tab();
    const refused = await googleError(batch(h, id, ...addRowsRequests({ sheetId: 0, at: 3, gridRows: null }, [["INO-3"]]).map((request) => (request.copyPaste ? { copyPaste: { ...request.copyPaste, source: { ...request.copyPaste.source, sheetId: 99 } } } : request))));
    expect(refused).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    expect(await values(h, id, "A1:A10")).toEqual([["ID"], ["INO-1"], ["INO-2"]]);
  });
});
