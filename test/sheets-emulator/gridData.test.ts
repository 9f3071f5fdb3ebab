// Grid data as spreadsheets.get answers it with includeGridData. Sources, v4 reference:
// spreadsheets/sheets#GridData (rowMetadata, columnMetadata: DimensionProperties with
// pixelSize and developerMetadata), spreadsheets/cells#CellData (effectiveFormat),
// spreadsheets/other#ErrorValue and #ErrorType (DIVIDE_BY_ZERO, NAME, REF, VALUE, N_A, ...);
// Google's message for =1/0, "Function DIVIDE parameter 2 cannot be zero.", as quoted from
// real answers by public projects; guides/formats for number and date patterns. Default
// sizes (21 px rows, 100 px columns) are those of a new Google spreadsheet.
import { sheets_v4 } from "@googleapis/sheets";
import { beforeEach, describe, expect, it } from "vitest";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();
let id: string;

beforeEach(async () => {
  id = (await world.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
});

async function grid(range: string): Promise<sheets_v4.Schema$GridData> {
  const res = await world.sheets.spreadsheets.get({ spreadsheetId: id, ranges: [range], includeGridData: true });
  return res.data.sheets![0]!.data![0]!;
}

describe("row and column metadata", () => {
  it("gives each row and column of the range its pixel size and the metadata located on it", async () => {
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataId: 77,
                metadataKey: "rowId",
                metadataValue: "R-3",
                visibility: "DOCUMENT",
                location: { dimensionRange: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 3 } },
              },
            },
          },
        ],
      },
    });
    const data = await grid("Sheet1!A2:B4");
    expect(data.columnMetadata).toEqual([{ pixelSize: 100 }, { pixelSize: 100 }]);
    expect(data.rowMetadata).toHaveLength(3);
    expect(data.rowMetadata![0]).toEqual({ pixelSize: 21 });
    expect(data.rowMetadata![1]).toMatchObject({ pixelSize: 21, developerMetadata: [{ metadataId: 77, metadataKey: "rowId", metadataValue: "R-3" }] });
    expect(data.rowMetadata![2]).toEqual({ pixelSize: 21 });
  });
});

describe("effectiveFormat", () => {
  it("is Google's default format under the cell's own format", async () => {
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1:B1", valueInputOption: "RAW", requestBody: { values: [["text", 5]] } });
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            repeatCell: {
              range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
              cell: { userEnteredFormat: { textFormat: { bold: true } } },
              fields: "userEnteredFormat.textFormat.bold",
            },
          },
        ],
      },
    });
    const cells = (await grid("Sheet1!A1:B1")).rowData![0]!.values!;
    expect(cells[0]!.userEnteredFormat).toEqual({ textFormat: { bold: true } });
    expect(cells[0]!.effectiveFormat).toMatchObject({
      backgroundColor: { red: 1, green: 1, blue: 1 },
      verticalAlignment: "BOTTOM",
      horizontalAlignment: "LEFT",
      textFormat: { bold: true, italic: false, fontSize: 10, fontFamily: "arial,sans,sans-serif" },
    });
    expect(cells[1]!.effectiveFormat).toMatchObject({ horizontalAlignment: "RIGHT", textFormat: { bold: false } });
  });
});

describe("formula errors", () => {
  it.each([
    ["=1/0", "DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero.", "#DIV/0!"],
    ["=NOSUCHFN(1)", "NAME", "Unknown function: 'NOSUCHFN'.", "#NAME?"],
    ['="a"*2', "VALUE", "Function MULTIPLY parameter 1 expects number values. But 'a' is a text and cannot be coerced to a number.", "#VALUE!"],
    ["=Nowhere!A1", "REF", "Unresolved sheet name 'Nowhere'.", "#REF!"],
    ["=NA()", "N_A", "Value not available.", "#N/A"],
  ])("%s is errorValue %s", async (formula, type, message, shown) => {
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "USER_ENTERED", requestBody: { values: [[formula]] } });
    const cell = (await grid("Sheet1!A1")).rowData![0]!.values![0]!;
    expect(cell.effectiveValue).toEqual({ errorValue: { type, message } });
    expect(cell.formattedValue).toBe(shown);
  });

  it("an error in a referenced cell carries through with its message", async () => {
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1:B1", valueInputOption: "USER_ENTERED", requestBody: { values: [["=1/0", "=A1+1"]] } });
    const cell = (await grid("Sheet1!B1")).rowData![0]!.values![0]!;
    expect(cell.effectiveValue).toEqual({ errorValue: { type: "DIVIDE_BY_ZERO", message: "Function DIVIDE parameter 2 cannot be zero." } });
  });
});

describe("explicit number formats in FORMATTED_VALUE", () => {
  it.each([
    [1234.5, "CURRENCY", '"$"#,##0.00', "$1,234.50"],
    [1234.5, "CURRENCY", "", "$1,234.50"],
    [123456, "SCIENTIFIC", "0.00E+00", "1.23E+05"],
    [0.256, "PERCENT", "0.0%", "25.6%"],
    [1234567.891, "NUMBER", "#,##0.00", "1,234,567.89"],
    [-5, "NUMBER", "0.00;(0.00)", "(5.00)"],
    [46115, "DATE", "dd/mm/yyyy", "03/04/2026"],
    [46115, "DATE", "d mmmm yyyy", "3 April 2026"],
    [46115, "DATE", "dddd, d mmm yy", "Friday, 3 Apr 26"],
    [46115.5453125, "DATE_TIME", "yyyy-mm-dd hh:mm:ss", "2026-04-03 13:05:15"],
    [0.5453125, "TIME", "h:mm am/pm", "1:05 PM"],
  ])("%s as %s %s shows %s", async (value, type, pattern, shown) => {
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateCells: {
              range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
              rows: [{ values: [{ userEnteredValue: { numberValue: value }, userEnteredFormat: { numberFormat: { type, pattern } } }] }],
              fields: "userEnteredValue,userEnteredFormat.numberFormat",
            },
          },
        ],
      },
    });
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    expect(got.data.values).toEqual([[shown]]);
    const cell = (await grid("Sheet1!A1")).rowData![0]!.values![0]!;
    expect(cell.formattedValue).toBe(shown);
  });
});
