// The real googleapis client, unchanged, against the emulator over HTTP.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

let emulator: SheetsEmulator;
let sheets: sheets_v4.Sheets;

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "any-api-key" });
});
afterAll(async () => {
  await emulator.stop();
});

async function newBook(title = "Test"): Promise<string> {
  const res = await sheets.spreadsheets.create({ requestBody: { properties: { title } } });
  return res.data.spreadsheetId!;
}

/** The Google error body a failed call carried. */
async function googleError(call: Promise<unknown>): Promise<{ code: number; message: string; status: string }> {
  try {
    await call;
  } catch (err) {
    const data = (err as { response?: { data?: { error?: { code: number; message: string; status: string } } } }).response?.data?.error;
    if (data) return data;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("spreadsheets and values through @googleapis/sheets", () => {
  it("creates a spreadsheet with Google's defaults", async () => {
    const res = await sheets.spreadsheets.create({ requestBody: { properties: { title: "Program" } } });
    expect(res.status).toBe(200);
    expect(res.data.properties).toMatchObject({ title: "Program", locale: "en_US", timeZone: "Etc/GMT" });
    expect(res.data.sheets?.[0]?.properties).toEqual({ sheetId: 0, title: "Sheet1", index: 0, sheetType: "GRID", gridProperties: { rowCount: 1000, columnCount: 26 } });
  });

  it("keeps a cell's number format: typing into a plain-text column keeps text, a date column keeps its format", async () => {
    const id = await newBook();
    const column = (index: number, type: string, pattern: string) => ({
      repeatCell: {
        range: { sheetId: 0, startColumnIndex: index, endColumnIndex: index + 1 },
        cell: { userEnteredFormat: { numberFormat: { type, pattern } } },
        fields: "userEnteredFormat.numberFormat",
      },
    });
    await sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [column(0, "TEXT", "@"), column(1, "DATE", "yyyy-mm-dd")] } });
    // As a person types in the UI (USER_ENTERED): a phone number, a NIP and a formula into text cells.
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1:B3",
      valueInputOption: "USER_ENTERED",
      requestBody: { values: [["081234567890", "2026-11-27"], ["198501012010012001"], ["=1+1"]] },
    });
    await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Sheet1!B2", valueInputOption: "RAW", requestBody: { values: [[46353]] } });
    const unformatted = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A1:B3", valueRenderOption: "UNFORMATTED_VALUE" });
    expect(unformatted.data.values).toEqual([["081234567890", 46353], ["198501012010012001", 46353], ["=1+1"]]);
    const formatted = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!B1:B2" });
    expect(formatted.data.values).toEqual([["2026-11-27"], ["2026-11-27"]]);
  });

  it("keeps RAW text as text and parses USER_ENTERED", async () => {
    const id = await newBook();
    await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Sheet1!A1", valueInputOption: "RAW", requestBody: { values: [["0042", "=1+1", "2020-01-01"]] } });
    await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Sheet1!A2", valueInputOption: "USER_ENTERED", requestBody: { values: [["0042", "=A2+1", "2020-01-01", "TRUE", "=SUM(A2:B2)"]] } });
    const res = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1", valueRenderOption: "UNFORMATTED_VALUE" });
    expect(res.data).toEqual({
      range: "Sheet1!A1:Z1000",
      majorDimension: "ROWS",
      values: [
        ["0042", "=1+1", "2020-01-01"],
        [42, 43, 43831, true, 85],
      ],
    });
    const formulas = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A2:E2", valueRenderOption: "FORMULA" });
    expect(formulas.data.values).toEqual([[42, "=A2+1", 43831, true, "=SUM(A2:B2)"]]);
  });

  it("skips null cells and counts empty strings", async () => {
    const id = await newBook();
    const res = await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Sheet1'!A1:B2",
      valueInputOption: "RAW",
      requestBody: { values: [[null, "x"], ["", null]] },
    });
    expect(res.data).toMatchObject({ updatedRange: "Sheet1!A1:B2", updatedRows: 2, updatedColumns: 2, updatedCells: 2 });
  });

  it("grows the grid when values.update writes past it", async () => {
    const id = await newBook();
    const res = await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Sheet1!AA1001", valueInputOption: "RAW", requestBody: { values: [["far"]] } });
    expect(res.data.updatedRange).toBe("Sheet1!AA1001");
    const book = await sheets.spreadsheets.get({ spreadsheetId: id });
    expect(book.data.sheets?.[0]?.properties?.gridProperties).toEqual({ rowCount: 1001, columnCount: 27 });
  });

  it("appends below the detected table and reports it", async () => {
    const id = await newBook();
    const first = await sheets.spreadsheets.values.append({ spreadsheetId: id, range: "Sheet1", valueInputOption: "RAW", requestBody: { values: [["a", "b"]] } });
    expect(first.data.tableRange).toBeUndefined();
    expect(first.data.updates?.updatedRange).toBe("Sheet1!A1:B1");
    const second = await sheets.spreadsheets.values.append({ spreadsheetId: id, range: "Sheet1!A1", valueInputOption: "RAW", requestBody: { values: [["c", "d"]] } });
    expect(second.data.tableRange).toBe("Sheet1!A1:B1");
    expect(second.data.updates?.updatedRange).toBe("Sheet1!A2:B2");
  });

  it("batchGet, batchUpdate, clear and batchClear", async () => {
    const id = await newBook();
    const written = await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: { valueInputOption: "USER_ENTERED", data: [{ range: "A1", values: [["1", "2"]] }, { range: "Sheet1!A3", values: [["x"]] }] },
    });
    expect(written.data).toMatchObject({ totalUpdatedCells: 3, totalUpdatedSheets: 1 });
    const read = await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1:B1", "Sheet1!A:A"], majorDimension: "COLUMNS" });
    expect(read.data.valueRanges).toEqual([
      { range: "Sheet1!A1:B1", majorDimension: "COLUMNS", values: [["1"], ["2"]] },
      { range: "Sheet1!A1:A1000", majorDimension: "COLUMNS", values: [["1", "", "x"]] },
    ]);
    const cleared = await sheets.spreadsheets.values.clear({ spreadsheetId: id, range: "Sheet1!A1" });
    expect(cleared.data.clearedRange).toBe("Sheet1!A1");
    await sheets.spreadsheets.values.batchClear({ spreadsheetId: id, requestBody: { ranges: ["Sheet1!A3"] } });
    const after = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1" });
    expect(after.data.values).toEqual([["", "2"]]);
  });

  it("applies structural batchUpdate requests and developer metadata", async () => {
    const id = await newBook();
    const added = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [{ addSheet: { properties: { title: "Program Inovasi", gridProperties: { rowCount: 5, columnCount: 3 } } } }] },
    });
    const sheetId = added.data.replies?.[0]?.addSheet?.properties?.sheetId;
    expect(added.data.replies?.[0]?.addSheet?.properties).toMatchObject({ title: "Program Inovasi", index: 1, gridProperties: { rowCount: 5, columnCount: 3 } });
    await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "'Program Inovasi'!A1", valueInputOption: "RAW", requestBody: { values: [["h"], ["r1"]] } });
    const meta = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          { insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 2 } } },
          { createDeveloperMetadata: { developerMetadata: { metadataKey: "labinov.tab", metadataValue: "programs", location: { sheetId }, visibility: "DOCUMENT" } } },
          { repeatCell: { range: { sheetId, startRowIndex: 0, endRowIndex: 1 }, cell: { userEnteredFormat: { textFormat: { bold: true } } }, fields: "userEnteredFormat.textFormat.bold" } },
          { setDataValidation: { range: { sheetId, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 1, endColumnIndex: 2 }, rule: { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "Ya" }] }, strict: true } } },
          { addProtectedRange: { protectedRange: { range: { sheetId, startRowIndex: 0, endRowIndex: 1 }, warningOnly: true } } },
        ],
      },
    });
    expect(meta.data.replies?.[1]?.createDeveloperMetadata?.developerMetadata).toMatchObject({
      metadataKey: "labinov.tab",
      metadataValue: "programs",
      location: { locationType: "SHEET", sheetId },
    });
    const values = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "'Program Inovasi'!A:A" });
    expect(values.data).toEqual({ range: "'Program Inovasi'!A1:A6", majorDimension: "ROWS", values: [["h"], [], ["r1"]] });
    const found = await sheets.spreadsheets.developerMetadata.search({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: "labinov.tab" } }] },
    });
    expect(found.data.matchedDeveloperMetadata?.[0]?.developerMetadata?.metadataValue).toBe("programs");
    const none = await sheets.spreadsheets.developerMetadata.search({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: "nothing" } }] },
    });
    expect(none.data).toEqual({});
    const grid = await sheets.spreadsheets.get({ spreadsheetId: id, ranges: ["'Program Inovasi'!A1:B2"], includeGridData: true });
    const rows = grid.data.sheets?.[0]?.data?.[0]?.rowData;
    expect(rows?.[0]?.values?.[0]).toMatchObject({ formattedValue: "h", userEnteredFormat: { textFormat: { bold: true } } });
    expect(rows?.[1]?.values?.[1]?.dataValidation).toMatchObject({ strict: true });
    await sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ deleteSheet: { sheetId } }] } });
    const after = await sheets.spreadsheets.get({ spreadsheetId: id, fields: "sheets.properties.title" });
    expect(after.data).toEqual({ sheets: [{ properties: { title: "Sheet1" } }] });
  });
});

describe("errors in Google's shape", () => {
  it("unknown spreadsheet is 404 NOT_FOUND", async () => {
    expect(await googleError(sheets.spreadsheets.get({ spreadsheetId: "nope" }))).toEqual({ code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" });
  });

  it("a range on a missing tab cannot be parsed", async () => {
    const id = await newBook();
    expect(await googleError(sheets.spreadsheets.values.get({ spreadsheetId: id, range: "NOPE!A5:F15" }))).toEqual({
      code: 400,
      message: "Unable to parse range: NOPE!A5:F15",
      status: "INVALID_ARGUMENT",
    });
  });

  it("a read past the grid exceeds grid limits", async () => {
    const id = await newBook();
    expect(await googleError(sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A1001" }))).toMatchObject({
      code: 400,
      message: "Range (Sheet1!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
    });
  });

  it("a bad request: values that are not a list, a bad fields mask, an unknown request kind", async () => {
    const id = await newBook();
    const notList = await googleError(sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "RAW", requestBody: { values: "X" as never } }));
    expect(notList).toMatchObject({ code: 400, message: `Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), "X"` });
    const mask = await googleError(sheets.spreadsheets.get({ spreadsheetId: id, fields: "sheets.sheetProperties" }));
    expect(mask).toMatchObject({ code: 400, message: "Request contains an invalid argument.", status: "INVALID_ARGUMENT" });
    const unknown = await googleError(sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ frobnicate: {} } as never] } }));
    expect(unknown).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
  });

  it("an unknown method is 404 with Google's body, not a silent 200", async () => {
    const res = await fetch(`${emulator.url}/v4/spreadsheets/x:frobnicate`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 404, message: "Method not found.", status: "NOT_FOUND" } });
  });
});

describe("request log and counters", () => {
  it("counts calls per method and resets", async () => {
    emulator.reset();
    const id = await newBook();
    await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1"] });
    await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1"] });
    expect(emulator.counters["spreadsheets.values.batchGet"]).toBe(2);
    expect(emulator.counters["spreadsheets.create"]).toBe(1);
    expect(emulator.requestLog.at(-1)).toMatchObject({ method: "spreadsheets.values.batchGet", httpMethod: "GET", status: 200 });
    emulator.reset();
    expect(emulator.counters).toEqual({});
    expect(emulator.requestLog).toEqual([]);
  });
});

describe("persistence", () => {
  it("keeps spreadsheets across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sheets-emulator-"));
    const persistPath = path.join(dir, "state.json");
    try {
      const first = await startSheetsEmulator({ persistPath });
      const client = new sheets_v4.Sheets({ rootUrl: `${first.url}/`, auth: "k" });
      const id = (await client.spreadsheets.create({ requestBody: { properties: { title: "Kept" } } })).data.spreadsheetId!;
      await client.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "USER_ENTERED", requestBody: { values: [["=2*21"]] } });
      await first.stop();
      const second = await startSheetsEmulator({ persistPath });
      const again = new sheets_v4.Sheets({ rootUrl: `${second.url}/`, auth: "k" });
      const res = await again.spreadsheets.values.get({ spreadsheetId: id, range: "A1", valueRenderOption: "UNFORMATTED_VALUE" });
      expect(res.data.values).toEqual([[42]]);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
