// Reading whole tabs when a tab may be gone: found by Google's status (400 INVALID_ARGUMENT) and
// the tab list, never by the wording of the message; any other failure reaches the caller. The
// answer is parsed as it streams in: a large tab reads exactly as the whole JSON answer gives it,
// and an answer lost or stalled halfway through its body is read again.
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

  it("a tab larger than the parser waits for reads exactly as the whole JSON answer gives it", async () => {
    const rows = Array.from({ length: 4000 }, (_, k) => [
      `INO-${k}`,
      k % 3 === 0 ? "✓" : `Inovasi "kutip" \\ garis \n baris ${k} 😀`,
      k * 1.25,
      k % 7 === 0 ? "" : k % 2 === 0,
      `=A${k + 2}`,
      k % 5 === 0 ? "" : `${-k}.5e-3`,
      k % 11 === 0 ? "'0812" : "é\u0000\t",
    ]);
    await sheets().spreadsheets.values.update({ spreadsheetId, range: "Inovasi!A2", valueInputOption: "USER_ENTERED", requestBody: { values: rows } });
    const whole = async (render: "FORMULA" | "UNFORMATTED_VALUE") =>
      (await sheets().spreadsheets.values.batchGet({ spreadsheetId, ranges: ["'Inovasi'"], majorDimension: "ROWS", valueRenderOption: render, dateTimeRenderOption: "SERIAL_NUMBER" })).data.valueRanges![0]!.values;
    for (const render of ["FORMULA", "UNFORMATTED_VALUE"] as const) {
      const read = await readTabs(sheets(), sheetsCaller({ baseMs: 1 }), spreadsheetId, ["Inovasi"], "reading", render);
      const expected = await whole(render);
      expect(JSON.stringify(expected).length).toBeGreaterThan(300_000);
      expect(read.tabs.get("Inovasi")).toStrictEqual(expected);
    }
    expect((await readTabs(sheets(), sheetsCaller(), spreadsheetId, ["Inovasi"], "reading", "FORMULA")).tabs.get("Inovasi")![5]![4]).toBe("=A6");
  });

  it.each(["dropMidAnswer", "hangMidAnswer"] as const)("an answer lost halfway through its body (%s) is read again, whole", async (afterApply) => {
    const rows = Array.from({ length: 3000 }, (_, k) => [`INO-${k}`, `Inovasi ${k} ✓`]);
    await sheets().spreadsheets.values.update({ spreadsheetId, range: "Inovasi!A2", valueInputOption: "RAW", requestBody: { values: rows } });
    emulator.reset();
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", afterApply, nth: 1 });
    // The client's time-out ends the stalled body: kept short so the test does not wait long.
    const client = sheetsClient({ SHEETS_API_URL: emulator.url }, { timeoutMs: 400 });
    const caller = sheetsCaller({ baseMs: 1 });
    const read = await readTabs(client, caller, spreadsheetId, ["Inovasi"]);
    expect(read.tabs.get("Inovasi")).toStrictEqual([["ID"], ...rows]);
    expect(caller.counts["spreadsheets.values.batchGet"]).toBe(2);
  });
});
