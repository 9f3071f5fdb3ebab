// Reading whole tabs when a tab may be gone: found by Google's status (400 INVALID_ARGUMENT) and
// the tab list, never by the wording of the message; any other failure reaches the caller.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GoogleApiError, sheetsCaller, sheetsClient } from "../../sheets/client.js";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { readTabs } from "../../sheets/sync/sheetIo.js";

let emulator: SheetsEmulator;
let spreadsheetId: string;
const sheets = () => sheetsClient({ SHEETS_API_URL: emulator.url });

beforeAll(async () => {
  emulator = await startSheetsEmulator();
});
beforeEach(async () => {
  const created = await sheets().spreadsheets.create({ requestBody: { properties: { title: "Uji" }, sheets: [{ properties: { title: "Inovasi" } }] } });
  spreadsheetId = created.data.spreadsheetId!;
  await sheets().spreadsheets.values.update({ spreadsheetId, range: "Inovasi!A1", valueInputOption: "RAW", requestBody: { values: [["ID"]] } });
  emulator.reset();
});
afterAll(() => emulator.stop());

describe("readTabs", () => {
  it("a tab that is gone comes back in `missing`; the others are read", async () => {
    const read = await readTabs(sheets(), sheetsCaller({ baseMs: 1 }), spreadsheetId, ["Inovasi", "Program"]);
    expect(read.missing).toEqual(["Program"]);
    expect(read.tabs.get("Inovasi")).toEqual([["ID"]]);
  });

  it("whatever Google's message says: the status and the tab list decide", async () => {
    // A 400 INVALID_ARGUMENT worded otherwise than "Unable to parse range", with a tab really gone.
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", status: 400, nth: 1 });
    const read = await readTabs(sheets(), sheetsCaller({ baseMs: 1 }), spreadsheetId, ["Inovasi", "Program"]);
    expect(read.missing).toEqual(["Program"]);
    expect(read.tabs.get("Inovasi")).toEqual([["ID"]]);
  });

  it("a 400 while every tab exists is the caller's failure, not a missing tab", async () => {
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", status: 400, nth: 1 });
    const failure = await readTabs(sheets(), sheetsCaller({ baseMs: 1 }), spreadsheetId, ["Inovasi"]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect(failure).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
  });
});
