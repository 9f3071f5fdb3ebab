// The emulator's HTTP control surface under /__emulator/, over plain fetch, as a test in any
// language would drive it (modelled on WireMock's /__admin/ and LocalStack's /_localstack/,
// see /work/shared/STYLE.md section 6). The 429 body it injects is Google's recorded one
// (../shared/fixtures/sheets-api/errors/sheets-spreadsheets-get-quota-exceeded-readgroup_429.body.json).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

let emulator: SheetsEmulator;
let id: string;

const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${emulator.url}${path}`, init);
const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await api(`/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const readA1 = (): Promise<Response> => api(`/v4/spreadsheets/${id}/values/A1`);

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  const res = await api("/v4/spreadsheets", { method: "POST", body: "{}" });
  id = ((await res.json()) as { spreadsheetId: string }).spreadsheetId;
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(async () => {
  await control("POST", "reset");
  await control("POST", "quota", { enabled: false });
});

describe("/__emulator/faults", () => {
  it("POST injects a fault with the same JSON as faults.inject; DELETE clears it", async () => {
    const injected = await control("POST", "faults", { method: "spreadsheets.values.get", status: 503, times: 1 });
    expect(injected.status).toBe(200);
    expect(injected.json.faults).toEqual([{ method: "spreadsheets.values.get", status: 503, times: 1 }]);
    expect((await readA1()).status).toBe(503);
    expect((await readA1()).status).toBe(200);
    await control("POST", "faults", { method: "*", status: 500 });
    expect((await readA1()).status).toBe(500);
    const cleared = await control("DELETE", "faults");
    expect(cleared.json.faults).toEqual([]);
    expect((await readA1()).status).toBe(200);
  });

  it("a 429 fault answers Google's RESOURCE_EXHAUSTED body", async () => {
    await control("POST", "faults", { method: "spreadsheets.values.get", status: 429, nth: 1 });
    const res = await readA1();
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe("RESOURCE_EXHAUSTED");
  });

  it("accepts the applied-then-lost mode and refuses a malformed fault", async () => {
    expect((await control("POST", "faults", { method: "spreadsheets.values.update", afterApply: "drop" })).status).toBe(200);
    const bad = await control("POST", "faults", { method: "x", afterApply: "sometimes" });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: { code: 400, message: `"afterApply" must be "drop", "hang", "dropMidAnswer" or "hangMidAnswer"` } });
    expect((await control("POST", "faults", { method: "x", colour: "red" })).status).toBe(400);
  });
});

describe("/__emulator/requests and /__emulator/counters", () => {
  it("read the request log and the counters; reset clears both but keeps the data", async () => {
    await readA1();
    await readA1();
    const log = await control("GET", "requests");
    const requests = log.json.requests as { method: string; httpMethod: string; status: number }[];
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: "spreadsheets.values.get", httpMethod: "GET", status: 200 });
    expect((await control("GET", "counters")).json.counters).toEqual({ "spreadsheets.values.get": 2 });
    await control("POST", "reset");
    expect((await control("GET", "requests")).json.requests).toEqual([]);
    expect((await control("GET", "counters")).json.counters).toEqual({});
    expect((await readA1()).status).toBe(200);
  });

  it("filters the log by method and clears it alone", async () => {
    await readA1();
    await api(`/v4/spreadsheets/${id}`);
    const reads = (await control("GET", "requests?method=spreadsheets.get")).json.requests as { method: string }[];
    expect(reads.map((e) => e.method)).toEqual(["spreadsheets.get"]);
    await control("DELETE", "requests");
    expect((await control("GET", "requests")).json.requests).toEqual([]);
    expect((await control("GET", "counters")).json.counters).toEqual({ "spreadsheets.values.get": 1, "spreadsheets.get": 1 });
  });

  it("reset with {spreadsheets: true} also forgets the spreadsheets", async () => {
    const created = await api("/v4/spreadsheets", { method: "POST", body: "{}" });
    const other = ((await created.json()) as { spreadsheetId: string }).spreadsheetId;
    await control("POST", "reset", { spreadsheets: true });
    expect((await api(`/v4/spreadsheets/${other}`)).status).toBe(404);
    const res = await api("/v4/spreadsheets", { method: "POST", body: "{}" });
    id = ((await res.json()) as { spreadsheetId: string }).spreadsheetId;
  });
});

describe("/__emulator/quota", () => {
  it("enables a per-user limit, which answers 429 past it, and disables it", async () => {
    const enabled = await control("POST", "quota", { enabled: true, perUserPerMinute: 2 });
    expect(enabled.json).toEqual({ enabled: true, perUserPerMinute: 2, perProjectPerMinute: 300 });
    expect((await readA1()).status).toBe(200);
    expect((await readA1()).status).toBe(200);
    expect((await readA1()).status).toBe(429);
    await control("POST", "quota", { enabled: false });
    expect((await readA1()).status).toBe(200);
    expect((await control("POST", "quota", { enabled: "yes" })).status).toBe(400);
  });
});

describe("the control surface itself", () => {
  it("is not logged or counted, and an unknown path is 404", async () => {
    await control("GET", "counters");
    expect((await control("GET", "requests")).json.requests).toEqual([]);
    const unknown = await control("GET", "nothing-here");
    expect(unknown.status).toBe(404);
  });
});
