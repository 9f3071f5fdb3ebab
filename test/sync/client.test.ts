// The Sheets client factory against the emulator, Google errors said plainly, and the retry
// policy's choices (which failures are worth another try, backoff with full jitter).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetsCaller, sheetsClient, GoogleApiError } from "../../sheets/client.js";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { isRetryable, withRetry } from "../../sheets/retry.js";

let emulator: SheetsEmulator;
beforeAll(async () => {
  emulator = await startSheetsEmulator();
});
afterAll(() => emulator.stop());

describe("sheetsClient", () => {
  it("talks to SHEETS_API_URL and rewrites failures with code, status and what we were doing", async () => {
    const sheets = sheetsClient({ SHEETS_API_URL: emulator.url });
    const caller = sheetsCaller({ baseMs: 1 });
    const created = await caller.call("spreadsheets.create", "creating a spreadsheet", () => sheets.spreadsheets.create({ requestBody: { properties: { title: "Uji" } } }));
    expect(created.spreadsheetId).toBeTruthy();
    const failure = await caller
      .call("spreadsheets.values.get", "reading tab Hilang", () => sheets.spreadsheets.values.get({ spreadsheetId: created.spreadsheetId!, range: "'Hilang'!A1" }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect((failure as Error).message).toBe("Google API error - [400 INVALID_ARGUMENT] Unable to parse range: 'Hilang'!A1 (while reading tab Hilang)");
    expect(caller.counts["spreadsheets.values.get"]).toBe(1); // a 400 is not retried
  });
});

describe("retry policy", () => {
  it.each([
    [{ response: { status: 429 } }, true],
    [{ response: { status: 500 } }, true],
    [{ response: { status: 503 } }, true],
    [{ status: 408 }, true],
    [{ code: "ECONNRESET" }, true],
    [new Error("socket hang up"), true],
    [{ response: { status: 400 } }, false],
    [{ response: { status: 403 } }, false],
    [{ response: { status: 404 } }, false],
  ])("%j retryable: %s", (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it("waits a random time below an exponentially growing cap, and gives up after the budget", async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw Object.assign(new Error("unavailable"), { response: { status: 503 } });
      },
      { attempts: 5, baseMs: 100, maxMs: 500, random: () => 0.999, sleep: async (ms) => void waits.push(ms) },
    );
    await expect(failing).rejects.toThrow("unavailable");
    expect(calls).toBe(5);
    expect(waits).toEqual([99, 199, 399, 499]);
  });
});
