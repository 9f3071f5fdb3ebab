// DataFilter endpoints and sheets.copyTo, through the real googleapis client. Sources, v4
// reference: spreadsheets/getByDataFilter, spreadsheets.values/batchGetByDataFilter
// (MatchedValueRange: valueRange + the dataFilters that matched it),
// spreadsheets.values/batchUpdateByDataFilter (UpdateValuesByDataFilterResponse with
// dataFilter; totalUpdatedCells; "If the provided values exceed any of the ranges matched by
// the data filter then the request fails"), spreadsheets.values/batchClearByDataFilter
// (clearedRanges), spreadsheets.sheets/copyTo ("Returns the properties of the newly created
// sheet"), spreadsheets/other#DataFilter (a1Range | gridRange | developerMetadataLookup).
import { beforeEach, describe, expect, it } from "vitest";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();
let id: string;

beforeEach(async () => {
  id = (await world.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
  await world.sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: "Sheet1!A1:C3",
    valueInputOption: "RAW",
    requestBody: { values: [["id", "name", "qty"], ["P-1", "Ani", 3], ["P-2", "Budi", 5]] },
  });
  // Row 3 (index 2) carries the anchor P-2, as a sync engine anchors a row.
  await world.sheets.spreadsheets.batchUpdate({
    spreadsheetId: id,
    requestBody: {
      requests: [
        {
          createDeveloperMetadata: {
            developerMetadata: { metadataKey: "rowId", metadataValue: "P-2", visibility: "DOCUMENT", location: { dimensionRange: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 3 } } },
          },
        },
      ],
    },
  });
});

const byKey = { developerMetadataLookup: { metadataKey: "rowId", metadataValue: "P-2" } };

async function failure(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (err) {
    const data = (err as { response?: { data?: { error?: { code: number; message: string } } } }).response?.data?.error;
    if (data) return data;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("values.batchGetByDataFilter", () => {
  it("reads the row a metadata lookup selects, an A1 range and a grid range", async () => {
    const gridRange = { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 };
    const res = await world.sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [byKey, { a1Range: "Sheet1!A1:B1" }, { gridRange }], valueRenderOption: "UNFORMATTED_VALUE" },
    });
    expect(res.data.spreadsheetId).toBe(id);
    expect(res.data.valueRanges).toEqual([
      { valueRange: { range: "Sheet1!A3:Z3", majorDimension: "ROWS", values: [["P-2", "Budi", 5]] }, dataFilters: [byKey] },
      { valueRange: { range: "Sheet1!A1:B1", majorDimension: "ROWS", values: [["id", "name"]] }, dataFilters: [{ a1Range: "Sheet1!A1:B1" }] },
      { valueRange: { range: "Sheet1!A2:B2", majorDimension: "ROWS", values: [["P-1", "Ani"]] }, dataFilters: [{ gridRange }] },
    ]);
  });

  it("a lookup that matches nothing gives no value range", async () => {
    const res = await world.sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey: "absent" } }] },
    });
    expect(res.data.valueRanges).toBeUndefined();
  });
});

describe("values.batchUpdateByDataFilter", () => {
  it("writes into the anchored row and answers per filter with totals", async () => {
    const res = await world.sheets.spreadsheets.values.batchUpdateByDataFilter({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: "USER_ENTERED",
        includeValuesInResponse: true,
        data: [{ dataFilter: byKey, values: [["P-2", "Budi Santoso", "7"]] }],
      },
    });
    expect(res.data).toMatchObject({ spreadsheetId: id, totalUpdatedRows: 1, totalUpdatedColumns: 3, totalUpdatedCells: 3, totalUpdatedSheets: 1 });
    expect(res.data.responses).toEqual([
      {
        updatedRange: "Sheet1!A3:C3",
        updatedRows: 1,
        updatedColumns: 3,
        updatedCells: 3,
        dataFilter: byKey,
        updatedData: { range: "Sheet1!A3:C3", majorDimension: "ROWS", values: [["P-2", "Budi Santoso", "7"]] },
      },
    ]);
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A3:C3", valueRenderOption: "UNFORMATTED_VALUE" });
    expect(got.data.values).toEqual([["P-2", "Budi Santoso", 7]]);
  });

  it("fails when the values are larger than the matched range, and writes nothing", async () => {
    const error = await failure(
      world.sheets.spreadsheets.values.batchUpdateByDataFilter({
        spreadsheetId: id,
        requestBody: { valueInputOption: "RAW", data: [{ dataFilter: { a1Range: "Sheet1!A2:B2" }, values: [["x", "y", "z"]] }] },
      }),
    );
    expect(error.code).toBe(400);
    expect(error.message).toContain("Requested writing within range [Sheet1!A2:B2]");
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A2" });
    expect(got.data.values).toEqual([["P-1"]]);
  });
});

describe("values.batchClearByDataFilter", () => {
  it("clears what the filters select and lists the cleared ranges", async () => {
    const res = await world.sheets.spreadsheets.values.batchClearByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [byKey, { a1Range: "Sheet1!C2" }] },
    });
    expect(res.data).toEqual({ spreadsheetId: id, clearedRanges: ["Sheet1!A3:Z3", "Sheet1!C2"] });
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1:C3" });
    expect(got.data.values).toEqual([["id", "name", "qty"], ["P-1", "Ani"]]);
  });
});

describe("spreadsheets.getByDataFilter", () => {
  it("answers the spreadsheet with grid data for the matched ranges only", async () => {
    const res = await world.sheets.spreadsheets.getByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [byKey], includeGridData: true },
    });
    const data = res.data.sheets?.[0]?.data?.[0];
    expect(data?.startRow).toBe(2);
    expect(data?.rowData?.[0]?.values?.map((v) => v.formattedValue)).toEqual(["P-2", "Budi", "5"]);
    expect(data?.rowMetadata?.[0]?.developerMetadata?.[0]).toMatchObject({ metadataKey: "rowId", metadataValue: "P-2" });
  });
});

describe("spreadsheets.sheets.copyTo", () => {
  it("copies a tab with its cells into another spreadsheet and answers its properties", async () => {
    const other = (await world.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
    const res = await world.sheets.spreadsheets.sheets.copyTo({ spreadsheetId: id, sheetId: 0, requestBody: { destinationSpreadsheetId: other } });
    expect(res.data).toMatchObject({ title: "Copy of Sheet1", index: 1, sheetType: "GRID", gridProperties: { rowCount: 1000, columnCount: 26 } });
    expect(res.data.sheetId).not.toBe(0);
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: other, range: "'Copy of Sheet1'!A2:C2" });
    expect(got.data.values).toEqual([["P-1", "Ani", "3"]]);
    const again = await world.sheets.spreadsheets.sheets.copyTo({ spreadsheetId: id, sheetId: 0, requestBody: { destinationSpreadsheetId: other } });
    expect(again.data.title).not.toBe("Copy of Sheet1");
  });

  it("an unknown destination is 404", async () => {
    const error = await failure(world.sheets.spreadsheets.sheets.copyTo({ spreadsheetId: id, sheetId: 0, requestBody: { destinationSpreadsheetId: "nope" } }));
    expect(error.code).toBe(404);
  });
});
