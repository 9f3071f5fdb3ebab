import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KNOWN_TARGET_MS, sheetEditedHandler, SHEET_EDIT_MAX_BYTES } from "../../functions/sheetEdited.js";
import { SYNC_REQUESTS_COLLECTION } from "../../src/events/syncRequest.js";
import { REPLAY_COLLECTION } from "../../src/http/replayGuard.js";
import { scriptKey, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../src/http/signature.js";
import { stores } from "../../src/store/kinds.js";
import { testDatabase } from "../support/firestore.js";
import { createUnit, innovationFields, testActor } from "../support/fixtures.js";
import { postSigned, recordingSync, serveHttp, TEST_SECRET, type Served } from "./support.js";

const database = testDatabase();
const sync = recordingSync({ dinkes: ["sheet-dinkes"] });
let served: Served;

function edit(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: "sheetEdit",
    eventId: `edit-${Math.random().toString(36).slice(2, 12)}`,
    spreadsheetId: "sheet-dinkes",
    sheetName: "Inovasi",
    range: "C5",
    user: "staf@probolinggokota.go.id",
    editedAt: new Date().toISOString(),
    ...overrides,
  });
}

async function syncRequests() {
  const all = await database.db.collection(SYNC_REQUESTS_COLLECTION).get();
  return all.docs.map((doc) => ({ id: doc.id, ...doc.data() }) as { id: string; notices: number; lastEventId: string; changeType: string; requestedAt: { toDate(): Date } });
}

async function snapshotRecords() {
  const all = await stores(database.db).innovations.list();
  return all.map((record) => ({ id: record.id, version: record.version, name: record.name }));
}

beforeAll(async () => {
  served = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync, webhookSecret: TEST_SECRET })));
});
beforeEach(async () => {
  await database.clear();
  sync.calls.length = 0;
  await createUnit(stores(database.db));
  await stores(database.db).innovations.create("INO-1", innovationFields(), testActor);
});
afterAll(async () => {
  await served.stop();
  await database.db.terminate();
});

describe("sheetEdited", () => {
  it("a signed edit of a registered spreadsheet is recorded as a sync request and answered 202 without running the sync", async () => {
    const body = edit({ eventId: "edit-0000-first" });
    const response = await postSigned(served.url, body);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ ok: true, spreadsheetId: "sheet-dinkes", queued: true });
    expect(sync.calls).toEqual([]);
    const [request, ...others] = await syncRequests();
    expect(others).toEqual([]);
    expect(request).toMatchObject({ id: "sheet-dinkes", notices: 1, lastEventId: "edit-0000-first", changeType: "EDIT" });
    // Firestore's commit time, which the sync compares with its run's start.
    expect(Math.abs(request!.requestedAt.toDate().getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("a notice signed with this spreadsheet's script key is accepted (the key a script holds opens its own spreadsheet only)", async () => {
    const response = await postSigned(served.url, edit(), { secret: scriptKey(TEST_SECRET, "sheet:sheet-dinkes") });
    expect(response.status).toBe(202);
  });

  it("the script key tool for the IT team derives the same key", () => {
    const tool = spawnSync("node", [new URL("../../deploy/script-key.mjs", import.meta.url).pathname, "sheet", "sheet-dinkes"], { input: `${TEST_SECRET}\n`, encoding: "utf8" });
    expect(tool.status, tool.stderr).toBe(0);
    expect(tool.stdout.trim()).toBe(scriptKey(TEST_SECRET, "sheet:sheet-dinkes"));
  });

  it("a structural change (onChange, no range) is accepted with its changeType", async () => {
    const response = await postSigned(served.url, edit({ range: undefined, changeType: "INSERT_ROW" }));
    expect(response.status).toBe(202);
    expect((await syncRequests())[0]).toMatchObject({ changeType: "INSERT_ROW" });
  });

  it("twenty notices for one spreadsheet at once stay one request document", async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, () => postSigned(served.url, edit()).then((response) => response.status)));
    expect(statuses).toEqual(Array(20).fill(202));
    const requests = await syncRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.notices).toBe(20);
  });

  it("the same signed request sent twice is refused the second time with 409 and recorded once", async () => {
    const body = edit();
    const now = Date.now();
    expect((await postSigned(served.url, body, { now })).status).toBe(202);
    const replay = await postSigned(served.url, body, { now });
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { message: string }).message).toMatch(/sudah pernah diterima/);
    expect((await syncRequests())[0]!.notices).toBe(1);
  });

  it("the same event sent again with a fresh timestamp and signature is refused with 409 and recorded once", async () => {
    const body = edit();
    expect((await postSigned(served.url, body, { now: Date.now() - 60_000 })).status).toBe(202);
    const resent = await postSigned(served.url, body, { now: Date.now() });
    expect(resent.status).toBe(409);
    expect(await resent.json()).toMatchObject({ ok: false, reason: "replayed" });
    expect((await syncRequests())[0]!.notices).toBe(1);
  });

  it("the same event id from another spreadsheet's script is its own event", async () => {
    const twoSheets = recordingSync({ dinkes: ["sheet-dinkes", "sheet-kedua"] });
    const server = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync: twoSheets, webhookSecret: TEST_SECRET })));
    try {
      const eventId = "edit-shared-id-0001";
      expect((await postSigned(server.url, edit({ eventId }))).status).toBe(202);
      const other = edit({ eventId, spreadsheetId: "sheet-kedua" });
      expect((await postSigned(server.url, other, { secret: scriptKey(TEST_SECRET, "sheet:sheet-kedua") })).status).toBe(202);
    } finally {
      await server.stop();
    }
  });

  it("two concurrent copies of one request: exactly one passes", async () => {
    const body = edit();
    const now = Date.now();
    const statuses = await Promise.all([postSigned(served.url, body, { now }), postSigned(served.url, body, { now })]).then((all) =>
      all.map((response) => response.status).sort(),
    );
    expect(statuses).toEqual([202, 409]);
    expect((await syncRequests())[0]!.notices).toBe(1);
  });

  const now = Date.now();
  const sixMinutes = 6 * 60 * 1000;
  // reason "" marks a refusal by the framework itself, whose body is not ours.
  const cases: { name: string; status: number; reason: string; send: (url: string) => Promise<Response> }[] = [
    { name: "unsigned", status: 401, reason: "missing", send: (url) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: edit() }) },
    { name: "signed with another secret", status: 401, reason: "mismatch", send: (url) => postSigned(url, edit(), { secret: "rahasia-lain-yang-cukup-panjang-0123456789" }) },
    { name: "signed with another spreadsheet's script key", status: 401, reason: "mismatch", send: (url) => postSigned(url, edit(), { secret: scriptKey(TEST_SECRET, "sheet:sheet-lain") }) },
    { name: "signed with a form's script key", status: 401, reason: "mismatch", send: (url) => postSigned(url, edit(), { secret: scriptKey(TEST_SECRET, "form:sheet-dinkes") }) },
    { name: "signature of another body", status: 401, reason: "mismatch", send: (url) => fetch(url, { method: "POST", headers: { "content-type": "application/json", [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: signBody(TEST_SECRET, now, edit()) }, body: edit() }) },
    { name: "stale (six minutes old)", status: 401, reason: "stale", send: (url) => postSigned(url, edit(), { now: Date.now() - sixMinutes }) },
    { name: "from the future (six minutes ahead)", status: 401, reason: "stale", send: (url) => postSigned(url, edit(), { now: Date.now() + sixMinutes }) },
    { name: "malformed signature header", status: 401, reason: "malformed", send: (url) => postSigned(url, edit(), { headers: { [SIGNATURE_HEADER]: "xyz" } }) },
    { name: "oversized body", status: 413, reason: "too_large", send: (url) => postSigned(url, edit({ sheetName: "x".repeat(SHEET_EDIT_MAX_BYTES) })) },
    { name: "not JSON (sent as text)", status: 400, reason: "not_json", send: (url) => postSigned(url, "kind=sheetEdit", { headers: { "content-type": "text/plain" } }) },
    // Declared JSON but is not: the Functions Framework's own parser answers 400 (HTML) before our code runs.
    { name: "not JSON (declared as JSON)", status: 400, reason: "", send: (url) => postSigned(url, "{kind=sheetEdit") },
    { name: "wrong payload shape", status: 400, reason: "bad_payload", send: (url) => postSigned(url, edit({ range: "'Inovasi'!C5" })) },
    { name: "payload of another kind", status: 400, reason: "bad_payload", send: (url) => postSigned(url, edit({ kind: "formSubmit" })) },
    { name: "unregistered spreadsheet", status: 404, reason: "unknown_spreadsheet", send: (url) => postSigned(url, edit({ spreadsheetId: "sheet-lain" })) },
    { name: "GET instead of POST", status: 405, reason: "method", send: (url) => fetch(url) },
  ];

  it.each(cases)("refuses $name with $status and changes no record", async ({ status, reason, send }) => {
    const before = await snapshotRecords();
    const response = await send(served.url);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toContain(TEST_SECRET);
    if (reason !== "") {
      const body = JSON.parse(text) as { ok: boolean; reason: string; message: string };
      expect(body).toMatchObject({ ok: false, reason });
      expect(body.message.length).toBeGreaterThan(10);
    }
    expect(await syncRequests()).toEqual([]);
    expect(await snapshotRecords()).toEqual(before);
  });

  it("a notice that could not be recorded frees the signature, so the script's identical retry is accepted", async () => {
    const failing = { ...recordingSync({ dinkes: ["sheet-dinkes"] }), isTarget: async () => Promise.reject(new Error("Firestore 503")) };
    const server = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync: failing, webhookSecret: TEST_SECRET })));
    try {
      const body = edit();
      const now = Date.now();
      expect((await postSigned(server.url, body, { now })).status).toBe(500);
      const claims = await database.db.collection(REPLAY_COLLECTION).get();
      expect(claims.size).toBe(0);
      expect(await syncRequests()).toEqual([]);
      // The script's retry carries the same eventId under a fresh timestamp and signature.
      expect((await postSigned(served.url, body, { now: now + 1000 })).status).toBe(202);
    } finally {
      await server.stop();
    }
  });

  it("asks whether a spreadsheet is registered once a minute per instance; an unknown one every time", async () => {
    const asked: string[] = [];
    const counting = recordingSync({ dinkes: ["sheet-dinkes"] });
    const isTarget = counting.isTarget;
    counting.isTarget = (id) => (asked.push(id), isTarget(id));
    let clock = Date.now();
    const server = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync: counting, webhookSecret: TEST_SECRET, now: () => new Date(clock) })));
    try {
      const send = (spreadsheetId: string) => postSigned(server.url, edit({ spreadsheetId }), { now: clock });
      expect((await send("sheet-dinkes")).status).toBe(202);
      expect((await send("sheet-dinkes")).status).toBe(202);
      expect((await send("sheet-lain")).status).toBe(404);
      expect((await send("sheet-lain")).status).toBe(404);
      expect(asked).toEqual(["sheet-dinkes", "sheet-lain", "sheet-lain"]);
      clock += KNOWN_TARGET_MS + 1;
      expect((await send("sheet-dinkes")).status).toBe(202);
      expect(asked).toEqual(["sheet-dinkes", "sheet-lain", "sheet-lain", "sheet-dinkes"]);
      expect((await syncRequests()).map((request) => request.notices)).toEqual([3]);
    } finally {
      await server.stop();
    }
  });

  it("without a configured secret it refuses everything with 503", async () => {
    const server = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync, webhookSecret: undefined })));
    try {
      expect((await postSigned(server.url, edit())).status).toBe(503);
      expect(await syncRequests()).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
