// Fault injection and Google's per-minute quotas, through the real googleapis client.
import { readFileSync } from "node:fs";
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { sharedFixture } from "../support/inputs.js";

const recorded429 = sharedFixture("sheets-api", "errors", "sheets-spreadsheets-get-quota-exceeded-readgroup_429.body.json");

let emulator: SheetsEmulator;
let spreadsheetId: string;

const client = (user: string): sheets_v4.Sheets =>
  // retry: false so the client reports the first failure instead of retrying it away.
  new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "k", headers: { "x-goog-user": user }, retry: false } as never);

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  spreadsheetId = (await client("setup").spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  emulator.quota.disable();
});

async function statusOf(call: Promise<unknown>): Promise<{ status: number; body?: unknown }> {
  try {
    const res = (await call) as { status: number };
    return { status: res.status };
  } catch (err) {
    const response = (err as { response?: { status: number; data: unknown } }).response;
    if (!response) return { status: 0, body: (err as Error).message };
    return { status: response.status, body: response.data };
  }
}

const write = (s: sheets_v4.Sheets): Promise<unknown> =>
  s.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data: [{ range: "A1", values: [["x"]] }] } });
const read = (s: sheets_v4.Sheets): Promise<unknown> => s.spreadsheets.values.batchGet({ spreadsheetId, ranges: ["A1"] });

describe("faults", () => {
  it("fails only the Nth call of a method with 503", async () => {
    emulator.faults.inject({ method: "spreadsheets.values.batchUpdate", status: 503, nth: 2 });
    const s = client("u");
    const results = [await statusOf(write(s)), await statusOf(write(s)), await statusOf(write(s)), await statusOf(read(s))];
    expect(results.map((r) => r.status)).toEqual([200, 503, 200, 200]);
    expect(results[1]!.body).toEqual({ error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } });
    expect(emulator.counters["spreadsheets.values.batchUpdate"]).toBe(3);
  });

  it("answers 429 with Google's quota body and 500 with Google's internal error", async () => {
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", status: 429 });
    const limited = await statusOf(read(client("u")));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 429, status: "RESOURCE_EXHAUSTED", details: [{ reason: "RATE_LIMIT_EXCEEDED" }, {}] } });
    emulator.faults.clear();
    emulator.faults.inject({ method: "*", status: 500, rate: 1 });
    expect(await statusOf(read(client("u")))).toMatchObject({ status: 500, body: { error: { code: 500, status: "INTERNAL" } } });
    emulator.faults.clear();
    expect((await statusOf(read(client("u")))).status).toBe(200);
  });

  it.skipIf(!recorded429.present)(`the injected 429 body is the recorded Google body ${recorded429.missing}`.trim(), async () => {
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", status: 429 });
    const limited = await statusOf(read(client("u")));
    expect(limited.body).toEqual(JSON.parse(readFileSync(recorded429.path, "utf8")));
  });

  it("adds latency", async () => {
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", latencyMs: 150 });
    const started = Date.now();
    expect((await statusOf(read(client("u")))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("drops the connection", async () => {
    emulator.faults.inject({ method: "spreadsheets.values.batchGet", drop: true, nth: 1 });
    const dropped = await statusOf(read(client("u")));
    expect(dropped.status).toBe(0);
    expect((await statusOf(read(client("u")))).status).toBe(200);
  });
});

describe("quota mode", () => {
  it("allows 60 reads per minute per user, then 429, and again after the window", async () => {
    let now = 1_000_000;
    emulator.quota.enable({ now: () => now });
    const alice = client("alice");
    for (let i = 0; i < 60; i++) expect((await statusOf(read(alice))).status).toBe(200);
    const limited = await statusOf(read(alice));
    expect(limited.status).toBe(429);
    expect((limited.body as { error: { message: string } }).error.message).toContain("'Read requests per minute per user'");
    // Writes have their own bucket; another user has their own.
    expect((await statusOf(write(alice))).status).toBe(200);
    expect((await statusOf(read(client("bob")))).status).toBe(200);
    now += 60_001;
    expect((await statusOf(read(alice))).status).toBe(200);
  });

  it("caps the project at 300 per minute across users", async () => {
    const now = 5_000_000;
    emulator.quota.enable({ now: () => now, perUserPerMinute: 1000 });
    for (let i = 0; i < 300; i++) expect((await statusOf(write(client(`user${i % 7}`)))).status).toBe(200);
    const limited = await statusOf(write(client("someone-new")));
    expect(limited.status).toBe(429);
    expect((limited.body as { error: { message: string } }).error.message).toContain("'Write requests per minute'");
  });

  it("takes the user from the bearer token when there is no x-goog-user header", async () => {
    emulator.quota.enable({ now: () => 9_000_000, perUserPerMinute: 1 });
    const headers = (token: string) => ({ authorization: `Bearer ${token}` });
    const get = (token: string) => fetch(`${emulator.url}/v4/spreadsheets/${spreadsheetId}/values/A1`, { headers: headers(token) });
    expect((await get("t1")).status).toBe(200);
    expect((await get("t1")).status).toBe(429);
    expect((await get("t2")).status).toBe(200);
    expect(emulator.requestLog.map((e) => e.user)).toEqual(["t1", "t1", "t2"]);
  });
});
