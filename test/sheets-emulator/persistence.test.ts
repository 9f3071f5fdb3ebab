// Persistence stays small: cells are stored sparsely ([row, column, cell] for cells that hold
// something), and files written densely by earlier versions still load. Not a Google
// behaviour; the emulator's own file format (sheets/emulator/persistence.ts).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSheetsEmulator } from "../../sheets/emulator/index.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sheets-persist-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const client = (url: string): sheets_v4.Sheets => new sheets_v4.Sheets({ rootUrl: `${url}/`, auth: "k", retry: false } as never);

describe("persistence", () => {
  it("stores a far cell and a formatted column sparsely and reads them back", async () => {
    const persistPath = path.join(dir, "sparse.json");
    const first = await startSheetsEmulator({ persistPath });
    let id: string;
    try {
      const sheets = client(first.url);
      id = (await sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
      await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Z900", valueInputOption: "RAW", requestBody: { values: [["far"]] } });
      await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "USER_ENTERED", requestBody: { values: [["2026-04-03"]] } });
      await sheets.spreadsheets.values.clear({ spreadsheetId: id, range: "A1:Z800" });
    } finally {
      await first.stop();
    }
    const file = JSON.parse(readFileSync(persistPath, "utf8")) as { version: number; spreadsheets: { sheets: { rows?: unknown; cells: unknown[] }[] }[] };
    expect(file.version).toBe(2);
    const sheet = file.spreadsheets[0]!.sheets[0]!;
    expect(sheet.rows).toBeUndefined();
    // The far cell, and A1 which was cleared of its value but keeps its date format.
    expect(sheet.cells).toHaveLength(2);
    expect(statSync(persistPath).size).toBeLessThan(3000);
    const second = await startSheetsEmulator({ persistPath });
    try {
      const got = await client(second.url).spreadsheets.values.get({ spreadsheetId: id, range: "Z900" });
      expect(got.data.values).toEqual([["far"]]);
      await client(second.url).spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "USER_ENTERED", requestBody: { values: [["46000"]] } });
      const dated = await client(second.url).spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
      expect(dated.data.values).toEqual([["2025-12-09"]]);
    } finally {
      await second.stop();
    }
  });

  it("stores a column formatted and validated whole as one run, and cells of the run stay independent", async () => {
    const persistPath = path.join(dir, "runs.json");
    const first = await startSheetsEmulator({ persistPath });
    let id: string;
    const column = { sheetId: 0, startRowIndex: 1, startColumnIndex: 2, endColumnIndex: 3 };
    try {
      const sheets = client(first.url);
      id = (await sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
      // As `sheets init` lays out a tab: a whole column with a number format and a list rule.
      await sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            { repeatCell: { range: column, cell: { userEnteredFormat: { numberFormat: { type: "TEXT", pattern: "@" } } }, fields: "userEnteredFormat.numberFormat" } },
            {
              setDataValidation: {
                range: column,
                rule: { condition: { type: "ONE_OF_LIST", values: ["Inisiatif", "Uji coba", "Penerapan"].map((userEnteredValue) => ({ userEnteredValue })) }, strict: true },
              },
            },
          ],
        },
      });
    } finally {
      await first.stop();
    }
    const file = JSON.parse(readFileSync(persistPath, "utf8")) as { spreadsheets: { sheets: { cells: unknown[][] }[] }[] };
    const cells = file.spreadsheets[0]!.sheets[0]!.cells;
    expect(cells).toHaveLength(1);
    expect(cells[0]!.slice(0, 2)).toEqual([1, 2]);
    expect(cells[0]![3]).toBe(999);
    const second = await startSheetsEmulator({ persistPath });
    try {
      const sheets = client(second.url);
      await sheets.spreadsheets.values.update({ spreadsheetId: id, range: "C2", valueInputOption: "USER_ENTERED", requestBody: { values: [["0042"]] } });
      const got = await sheets.spreadsheets.get({ spreadsheetId: id, ranges: ["Sheet1!C2:C3", "Sheet1!C1000"], includeGridData: true });
      const [top, last] = got.data.sheets![0]!.data!;
      expect(top!.rowData![0]!.values![0]!.effectiveValue).toEqual({ stringValue: "0042" });
      expect(top!.rowData![1]?.values?.[0]?.effectiveValue).toBeUndefined();
      expect(last!.rowData![0]!.values![0]!.dataValidation?.condition?.type).toBe("ONE_OF_LIST");
    } finally {
      await second.stop();
    }
  });

  it("loads a version 1 file with dense rows and null holes", async () => {
    const persistPath = path.join(dir, "dense.json");
    const now = new Date().toISOString();
    const sheet = {
      properties: { sheetId: 0, title: "Sheet1", index: 0, sheetType: "GRID", gridProperties: { rowCount: 1000, columnCount: 26 } },
      rows: [[{ input: { value: { stringValue: "a" } } }, null, { input: { value: { numberValue: 2 } } }], null, [null, { input: { value: { stringValue: "b" } } }]],
      protectedRanges: [],
      merges: [],
      conditionalFormats: [],
    };
    const book = {
      spreadsheetId: "old-dense-book",
      properties: { title: "Old", locale: "en_US", autoRecalc: "ON_CHANGE", timeZone: "Etc/GMT" },
      sheets: [sheet],
      developerMetadata: [],
      createdTime: now,
      modifiedTime: now,
    };
    writeFileSync(persistPath, JSON.stringify({ version: 1, spreadsheets: [book] }));
    const emulator = await startSheetsEmulator({ persistPath });
    try {
      const got = await client(emulator.url).spreadsheets.values.get({ spreadsheetId: "old-dense-book", range: "A1:C3" });
      expect(got.data.values).toEqual([["a", "", "2"], [], ["", "b"]]);
      // The next save rewrites it sparsely.
      await client(emulator.url).spreadsheets.values.update({ spreadsheetId: "old-dense-book", range: "D4", valueInputOption: "RAW", requestBody: { values: [["c"]] } });
    } finally {
      await emulator.stop();
    }
    const file = JSON.parse(readFileSync(persistPath, "utf8")) as { version: number; spreadsheets: { sheets: { cells: unknown[] }[] }[] };
    expect(file.version).toBe(2);
    // Column by column.
    expect(file.spreadsheets[0]!.sheets[0]!.cells).toEqual([
      [0, 0, { input: { value: { stringValue: "a" } } }],
      [2, 1, { input: { value: { stringValue: "b" } } }],
      [0, 2, { input: { value: { numberValue: 2 } } }],
      [3, 3, { input: { value: { stringValue: "c" } } }],
    ]);
  });
});
