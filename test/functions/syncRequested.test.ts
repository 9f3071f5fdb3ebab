// syncRequested over real HTTP (binary CloudEvent, protobuf body, as Eventarc delivers a write
// to sheetSyncRequests/{id}): the request's commit time goes to the engine's coalesced sync,
// and a run that did not cover it answers 500 so Eventarc delivers the event again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syncRequestedHandler } from "../../functions/syncRequested.js";
import type { SheetSync } from "../../src/ports/sheetSync.js";
import { encodeDocumentEvent } from "../../local/firestoreEvents.js";
import { Timestamp } from "firebase-admin/firestore";
import { DEAD_LETTERS_COLLECTION } from "../../src/events/deadLetters.js";
import { testDatabase } from "../support/firestore.js";
import { cloudEventHeaders } from "./documentEvents.js";
import { recordingSync, serveCloudEvent, type Served } from "./support.js";

const database = testDatabase();
const sync = recordingSync({ dinkes: ["sheet-dinkes"] });
let served: Served;

const requestedAt = Timestamp.fromMillis(Date.parse("2026-11-28T01:02:03.456Z"));
const request = (fields: Record<string, unknown> = {}) => ({ spreadsheetId: "sheet-dinkes", requestedAt, lastEventId: "edit-0001", changeType: "EDIT", notices: 3, ...fields });

function deliver(url: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, id = "evt-1") {
  return fetch(url, {
    method: "POST",
    headers: cloudEventHeaders(id, "documents/sheetSyncRequests/sheet-dinkes"),
    body: Buffer.from(encodeDocumentEvent("demo-labinov", "sheetSyncRequests", "sheet-dinkes", before, after)),
  });
}

async function withSync(other: SheetSync, run: (url: string) => Promise<void>) {
  const server = await serveCloudEvent(syncRequestedHandler(() => ({ db: database.db, sync: other })) as never);
  try {
    await run(server.url);
  } finally {
    await server.stop();
  }
}

beforeAll(async () => {
  served = await serveCloudEvent(syncRequestedHandler(() => ({ db: database.db, sync })) as never);
});
beforeEach(async () => {
  sync.calls.length = 0;
  await database.clear();
});
afterAll(async () => {
  await served.stop();
  await database.db.terminate();
});

describe("syncRequested", () => {
  it("asks the engine for a run covering the request's commit time, as a staff edit (started at once, not debounced)", async () => {
    const response = await deliver(served.url, null, request());
    expect(response.status).toBe(204);
    expect(sync.calls).toEqual(["after:sheet-dinkes@2026-11-28T01:02:03.456Z (sheet)"]);
  });

  it("the same event twice asks twice for the same instant, which the engine finds covered", async () => {
    await deliver(served.url, null, request(), "evt-7");
    await deliver(served.url, null, request(), "evt-7");
    expect(new Set(sync.calls)).toEqual(new Set(["after:sheet-dinkes@2026-11-28T01:02:03.456Z (sheet)"]));
  });

  const ignored: { name: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] = [
    { name: "a deleted request", before: request(), after: null },
    { name: "a request without requestedAt", before: null, after: request({ requestedAt: null }) },
  ];
  it.each(ignored)("$name starts nothing and is acknowledged", async ({ before, after }) => {
    expect((await deliver(served.url, before, after)).status).toBe(204);
    expect(sync.calls).toEqual([]);
  });

  it("an unreadable payload is acknowledged (a retry cannot fix it) and kept in deadLetters with its bytes", async () => {
    const response = await fetch(served.url, { method: "POST", headers: cloudEventHeaders("evt-bad"), body: Buffer.from([0xff, 0xff, 0xff]) });
    expect(response.status).toBe(204);
    expect(sync.calls).toEqual([]);
    const letters = (await database.db.collection(DEAD_LETTERS_COLLECTION).get()).docs.map((doc) => doc.data());
    expect(letters).toEqual([expect.objectContaining({ eventId: "evt-bad", functionName: "syncRequested", subject: "documents/innovations/INO-1", dataBytes: 3, truncated: false })]);
    expect([...(letters[0]!.data as Buffer)]).toEqual([0xff, 0xff, 0xff]);
  });

  const failures: { name: string; syncCovering: SheetSync["syncCovering"] }[] = [
    { name: "an engine failure", syncCovering: () => Promise.reject(new Error("Sheets API 503")) },
    { name: "a run that did not cover the request in time", syncCovering: async () => ({ covered: false, run: null }) },
  ];
  it.each(failures)("$name answers 500, so Eventarc delivers the event again", async ({ syncCovering }) => {
    await withSync({ ...sync, syncCovering }, async (url) => {
      expect((await deliver(url, null, request())).status).toBe(500);
    });
  });
});
