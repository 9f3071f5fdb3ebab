// initSheets: who may call it and what it answers. The layout work itself is the engine's
// initTarget, run for real in test/sync and through the local stack in test/e2e; here the
// sync port is a recording stand-in, so that each refusal is seen to reach no engine call.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { initSheetsHandler } from "../../functions/initSheets.js";
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
