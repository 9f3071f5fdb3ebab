// Answers that carry the changed data back: `includeValuesInResponse` (+ response render
// options) on values.update, values.append and values.batchUpdate give `updatedData`;
// `includeSpreadsheetInResponse` / `responseRanges` / `responseIncludeGridData` on
// spreadsheets.batchUpdate give `updatedSpreadsheet`. Sources: v4 reference pages
// spreadsheets.values/update, /append, /batchUpdate (UpdateValuesResponse.updatedData: "The
// values of the cells after updates were applied") and spreadsheets/batchUpdate
// (updatedSpreadsheet: "The spreadsheet after updates were applied").
import { beforeEach, describe, expect, it } from "vitest";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();
let id: string;

beforeEach(async () => {
  id = (await world.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
});

describe("includeValuesInResponse", () => {
  it("values.update answers updatedData, rendered as asked", async () => {
    const res = await world.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1:B1",
      valueInputOption: "USER_ENTERED",
      includeValuesInResponse: true,
      responseValueRenderOption: "FORMULA",
      requestBody: { values: [["2", "=A1*3"]] },
    });
    // FORMULA: a formula as typed, a plain number as a number.
    expect(res.data.updatedData).toEqual({ range: "Sheet1!A1:B1", majorDimension: "ROWS", values: [[2, "=A1*3"]] });
    const formatted = await world.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!C1",
      valueInputOption: "USER_ENTERED",
      includeValuesInResponse: true,
      requestBody: { values: [["=B1+1"]] },
    });
    expect(formatted.data.updatedData).toEqual({ range: "Sheet1!C1", majorDimension: "ROWS", values: [["7"]] });
  });

  it("values.update without the flag has no updatedData", async () => {
    const res = await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "RAW", requestBody: { values: [["x"]] } });
    expect(res.data.updatedData).toBeUndefined();
  });

  it("values.append answers updates.updatedData with the date-time render option", async () => {
    const res = await world.sheets.spreadsheets.values.append({
      spreadsheetId: id,
      range: "Sheet1!A1",
      valueInputOption: "USER_ENTERED",
      includeValuesInResponse: true,
      responseValueRenderOption: "UNFORMATTED_VALUE",
      responseDateTimeRenderOption: "FORMATTED_STRING",
      requestBody: { values: [["2020-01-01", "5"]] },
    });
    expect(res.data.updates?.updatedData).toEqual({ range: "Sheet1!A1:B1", majorDimension: "ROWS", values: [["2020-01-01", 5]] });
  });

  it("values.batchUpdate answers updatedData in each response", async () => {
    const res = await world.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: "RAW",
        includeValuesInResponse: true,
        responseValueRenderOption: "UNFORMATTED_VALUE",
        data: [
          { range: "A1", values: [[1]] },
          { range: "B2:C2", values: [["p", "q"]] },
        ],
      },
    });
    expect(res.data.responses?.map((r) => r.updatedData)).toEqual([
      { range: "Sheet1!A1", majorDimension: "ROWS", values: [[1]] },
      { range: "Sheet1!B2:C2", majorDimension: "ROWS", values: [["p", "q"]] },
    ]);
    expect(res.data.totalUpdatedCells).toBe(3);
  });
});

describe("includeSpreadsheetInResponse", () => {
  it("answers the spreadsheet after the update, with grid data for responseRanges", async () => {
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1:B2", valueInputOption: "RAW", requestBody: { values: [["a", "b"], ["c", "d"]] } });
    const res = await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [{ addSheet: { properties: { title: "Added" } } }],
        includeSpreadsheetInResponse: true,
        responseRanges: ["Sheet1!A2:B2"],
        responseIncludeGridData: true,
      },
    });
    const updated = res.data.updatedSpreadsheet!;
    expect(updated.spreadsheetId).toBe(id);
    // responseRanges limits the answer to the tabs they name, as spreadsheets.get's ranges do.
    expect(updated.sheets?.map((s) => s.properties?.title)).toEqual(["Sheet1"]);
    const data = updated.sheets?.[0]?.data?.[0];
    expect(data?.startRow).toBe(1);
    expect(data?.rowData?.[0]?.values?.map((v) => v.formattedValue)).toEqual(["c", "d"]);
  });

  it("without grid data nor ranges answers every tab, the new one included", async () => {
    const res = await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [{ addSheet: { properties: { title: "Second" } } }], includeSpreadsheetInResponse: true },
    });
    expect(res.data.updatedSpreadsheet?.sheets?.map((s) => s.properties?.title)).toEqual(["Sheet1", "Second"]);
    expect(res.data.updatedSpreadsheet?.sheets?.[0]?.data).toBeUndefined();
  });

  it("without the flag there is no updatedSpreadsheet", async () => {
    const res = await world.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addSheet: { properties: { title: "Third" } } }] } });
    expect(res.data.updatedSpreadsheet).toBeUndefined();
  });
});
