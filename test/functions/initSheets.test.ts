// initSheets: who may call it and what it answers. The layout work itself is the engine's
// initTarget, run for real in test/sync and through the local stack in test/e2e; here the
// sync port is a recording stand-in, so that each refusal is seen to reach no engine call,
// and then the real engine, so that a bad id is seen to be the caller's error, not the server's.
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { initSheetsHandler } from "../../functions/initSheets.js";
import { parseConfig } from "../../src/config.js";
import { engineSheetSync } from "../../sheets/port.js";
import { testDatabase } from "../support/firestore.js";
import { recordingSync, serveHttp, type Served } from "./support.js";

const ADMIN_TOKEN = "token-admin-labinov-uji-0123456789abcdefgh";
const sync = recordingSync({ dinkes: ["sheet-dinkes"] });
let served: Served;

beforeAll(async () => {
  served = await serveHttp(initSheetsHandler(() => ({ sync, schedulerAuth: { adminToken: ADMIN_TOKEN } })));
});
beforeEach(() => {
  sync.calls.length = 0;
});
afterAll(() => served.stop());

const post = (body: string, authorization?: string) =>
  fetch(served.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });

describe("initSheets", () => {
  it.each([
    { name: "no caller", body: '{"targetId":"sheet-dinkes__Inovasi"}', authorization: undefined, status: 401 },
    { name: "a wrong admin token", body: '{"targetId":"sheet-dinkes__Inovasi"}', authorization: "Bearer salah", status: 401 },
    { name: "no target id", body: "{}", authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
    { name: "not JSON", body: "init semua", authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
    { name: "an oversized body", body: JSON.stringify({ targetId: "x".repeat(5000) }), authorization: `Bearer ${ADMIN_TOKEN}`, status: 413 },
    { name: "a path for an id", body: '{"targetId":"../../etc"}', authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
    { name: "an id with a slash", body: '{"targetId":"sheet-dinkes/Inovasi"}', authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
    { name: "the id ..", body: '{"targetId":".."}', authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
    { name: "a reserved Firestore id", body: '{"targetId":"__all__"}', authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
    { name: "an id with a space", body: '{"targetId":"sheet dinkes"}', authorization: `Bearer ${ADMIN_TOKEN}`, status: 400 },
  ])("refuses $name with $status and calls nothing", async ({ body, authorization, status }) => {
    expect((await post(body, authorization)).status).toBe(status);
    expect(sync.calls).toEqual([]);
  });

  it("lays out a registered target", async () => {
    const response = await post('{"targetId":"sheet-dinkes__Inovasi"}', `Bearer ${ADMIN_TOKEN}`);
    expect(response.status).toBe(200);
    expect(sync.calls).toEqual(["init:sheet-dinkes__Inovasi"]);
  });

  it("answers 404 in Bahasa Indonesia for a target nobody registered", async () => {
    const response = await post('{"targetId":"sheet-lain__Inovasi"}', `Bearer ${ADMIN_TOKEN}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("tidak terdaftar");
  });
});

describe("initSheets with the real engine and Firestore", () => {
  const database = testDatabase();
  let real: Served;
  beforeAll(async () => {
    // The Sheets client points nowhere: every case here must be settled before any Sheets call.
    const sheets = new sheets_v4.Sheets({ rootUrl: "http://127.0.0.1:1/", retry: false } as never);
    const engine = engineSheetSync(database.db, parseConfig({ GOOGLE_CLOUD_PROJECT: database.projectId }), sheets);
    real = await serveHttp(initSheetsHandler(() => ({ sync: engine, schedulerAuth: { adminToken: ADMIN_TOKEN } })));
  });
  afterAll(async () => {
    await real.stop();
    await database.db.terminate();
  });

  const errorLines = async (send: () => Promise<Response>) => {
    const stderr = vi.spyOn(process.stderr, "write");
    try {
      const response = await send();
      const errors = stderr.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('"severity":"ERROR"'));
      return { response, errors };
    } finally {
      stderr.mockRestore();
    }
  };
  const postReal = (body: string) => fetch(real.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body });

  it("answers a path for an id with 400 and a message saying what an id looks like, logging no error", async () => {
    const { response, errors } = await errorLines(() => postReal('{"targetId":"../../etc"}'));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; details: string[] };
    expect(body.message).toContain("<spreadsheetId>__<tab>");
    expect(body.details).toEqual(['targetId: tanpa "/" atau spasi']);
    expect(errors).toEqual([]);
  });

  it("answers a well-formed id nobody registered with 404", async () => {
    const { response, errors } = await errorLines(() => postReal('{"targetId":"sheet-lain__Inovasi"}'));
    expect(response.status).toBe(404);
    expect(errors).toEqual([]);
  });
});
