// A request Google applied but whose answer never arrived: the `afterApply` fault applies the
// request, then drops the connection ("drop") or never answers until the client's own timeout
// ("hang"). This is a network failure, not a documented Google behaviour: no Google page is
// the source. It rests on the v4 usage-limits guide (developers.google.com/workspace/sheets/
// api/limits), which tells clients to retry failed requests with exponential backoff; a retry
// after a lost answer repeats a request that was already applied, and this fault shows it.
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

let emulator: SheetsEmulator;
let id: string;

const client = (timeout?: number): sheets_v4.Sheets =>
  new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "k", retry: false, ...(timeout ? { timeout } : {}) } as never);

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  id = (await client().spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
});

async function failureOf(call: Promise<unknown>): Promise<Error & { code?: string; response?: unknown }> {
  try {
    await call;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

const write = (s: sheets_v4.Sheets, value: string): Promise<unknown> =>
  s.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "RAW", requestBody: { values: [[value]] } });
const readA1 = async (): Promise<unknown> => (await client().spreadsheets.values.get({ spreadsheetId: id, range: "A1" })).data.values;

describe("afterApply faults", () => {
  it('"drop": the client sees a broken connection, yet the write was applied', async () => {
    emulator.faults.inject({ method: "spreadsheets.values.update", afterApply: "drop", nth: 1 });
    const err = await failureOf(write(client(), "applied-then-dropped"));
    expect(err.response).toBeUndefined();
    expect(await readA1()).toEqual([["applied-then-dropped"]]);
    expect(emulator.requestLog.find((e) => e.method === "spreadsheets.values.update")).toMatchObject({ status: 0 });
    // Fired once (nth): the retry is answered.
    await write(client(), "retried");
    expect(await readA1()).toEqual([["retried"]]);
  });

  it('"hang": no answer until the client times out, yet the write was applied', async () => {
    emulator.faults.inject({ method: "spreadsheets.values.update", afterApply: "hang", times: 1 });
    const err = await failureOf(write(client(300), "applied-then-hung"));
    expect(err.response).toBeUndefined();
    expect(String(err.message)).toMatch(/timeout|abort/i);
    expect(await readA1()).toEqual([["applied-then-hung"]]);
  });

  it("a plain drop, unlike afterApply, loses the request before it is applied", async () => {
    await write(client(), "before");
    emulator.faults.inject({ method: "spreadsheets.values.update", drop: true, nth: 1 });
    await failureOf(write(client(), "never"));
    expect(await readA1()).toEqual([["before"]]);
  });
});
