// Typed input (USER_ENTERED) and formatted output follow the spreadsheet's `locale`.
// Sources: SpreadsheetProperties.locale in the v4 reference (spreadsheets#SpreadsheetProperties)
// and guides/formats ("the actual rendering of the format depends on the spreadsheet's
// locale"; CURRENCY without a pattern is "$1,000.12" in en_US). id_ID separators (decimal
// comma, thousands dot), day-month-year order and month names are CLDR's for Indonesian, which
// Google's locales follow; the words TRUE/FALSE and the automatic date pattern dd/mm/yyyy for
// id_ID are the emulator's reading, not confirmed against Google.
import { describe, expect, it } from "vitest";
import { columnToLetters } from "../../sheets/emulator/a1.js";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();


async function book(locale: string): Promise<string> {
  const res = await world.sheets.spreadsheets.create({ requestBody: { properties: { title: locale, locale } } });
  expect(res.data.properties?.locale).toBe(locale);
  return res.data.spreadsheetId!;
}

async function typeAndRead(id: string, typed: string[]): Promise<{ unformatted: unknown[]; formatted: unknown[] }> {
  const range = `Sheet1!A1:${columnToLetters(typed.length - 1)}1`;
  await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range, valueInputOption: "USER_ENTERED", requestBody: { values: [typed] } });
  const unformatted = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range, valueRenderOption: "UNFORMATTED_VALUE" });
  const formatted = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range });
  return { unformatted: unformatted.data.values![0]!, formatted: formatted.data.values![0]! };
}

describe("id_ID", () => {
  it("reads 03/04/2026 as 3 April, 1.500 as 1500, 1,5 as 1.5, 1.500,25 as 1500.25, 12,5% as 0.125", async () => {
    const id = await book("id_ID");
    const { unformatted, formatted } = await typeAndRead(id, ["03/04/2026", "1.500", "1,5", "1.500,25", "12,5%", "TRUE"]);
    // 46115 is the serial of 2026-04-03 (days since 1899-12-30).
    expect(unformatted).toEqual([46115, 1500, 1.5, 1500.25, 0.125, true]);
    expect(formatted).toEqual(["03/04/2026", "1.500", "1,5", "1.500,25", "12,5%", "TRUE"]);
  });

  it("shows explicit patterns with id_ID separators and month names", async () => {
    const id = await book("id_ID");
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateCells: {
              range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 3 },
              rows: [
                {
                  values: [
                    { userEnteredValue: { numberValue: 1234567.891 }, userEnteredFormat: { numberFormat: { type: "NUMBER", pattern: "#,##0.00" } } },
                    { userEnteredValue: { numberValue: 46115 }, userEnteredFormat: { numberFormat: { type: "DATE", pattern: "d mmmm yyyy" } } },
                    { userEnteredValue: { numberValue: 250000 }, userEnteredFormat: { numberFormat: { type: "CURRENCY", pattern: '"Rp"#,##0' } } },
                  ],
                },
              ],
              fields: "userEnteredValue,userEnteredFormat.numberFormat",
            },
          },
        ],
      },
    });
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1:C1" });
    expect(got.data.values).toEqual([["1.234.567,89", "3 April 2026", "Rp250.000"]]);
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A2", valueInputOption: "USER_ENTERED", requestBody: { values: [["17/08/2026"]] } });
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            repeatCell: {
              range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 },
              cell: { userEnteredFormat: { numberFormat: { type: "DATE", pattern: "dddd, d mmmm yyyy" } } },
              fields: "userEnteredFormat.numberFormat",
            },
          },
        ],
      },
    });
    const date = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A2" });
    expect(date.data.values).toEqual([["Senin, 17 Agustus 2026"]]);
  });

  it("an amount typed with Rp is a number (currency format: the emulator's choice, not confirmed)", async () => {
    const id = await book("id_ID");
    const { unformatted, formatted } = await typeAndRead(id, ["Rp 1.500.000", "Rp2.500,50"]);
    expect(unformatted).toEqual([1500000, 2500.5]);
    expect(formatted).toEqual(["Rp1.500.000", "Rp2.500,50"]);
  });

  it("a plain decimal number is shown with a decimal comma", async () => {
    const id = await book("id_ID");
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "RAW", requestBody: { values: [[2.75]] } });
    const got = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    expect(got.data.values).toEqual([["2,75"]]);
  });
});

describe("en_US", () => {
  it("reads 03/04/2026 as 4 March, 1,500 as 1500, 1.5 as 1.5", async () => {
    const id = await book("en_US");
    const { unformatted, formatted } = await typeAndRead(id, ["03/04/2026", "1,500", "1.5", "FALSE"]);
    expect(unformatted).toEqual([46085, 1500, 1.5, false]);
    expect(formatted).toEqual(["3/4/2026", "1,500", "1.5", "FALSE"]);
  });

  it("an amount typed with $ is a number shown as currency", async () => {
    const id = await book("en_US");
    const { unformatted, formatted } = await typeAndRead(id, ["$1,234.50", "-$5"]);
    expect(unformatted).toEqual([1234.5, -5]);
    expect(formatted).toEqual(["$1,234.50", "-$5"]);
  });
});
