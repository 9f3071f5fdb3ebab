import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordChangedHandler } from "../../functions/recordChanged.js";
import { decodeDocumentEvent, type RecordChange } from "../../src/events/firestoreEvent.js";
import { planRecordSync, type SyncPlan } from "../../src/events/recordChange.js";
import { encodeDocumentEvent } from "../../local/firestoreEvents.js";
import { DEAD_LETTERS_COLLECTION } from "../../src/events/deadLetters.js";
import { testDatabase } from "../support/firestore.js";
import { recordingSync, serveCloudEvent, type Served } from "./support.js";

const database = testDatabase();

const v1 = { id: "INO-1", unitId: "dinkes", version: 1, source: "api", updatedBy: "admin@probolinggokota.go.id", updatedAt: "2026-11-27T01:00:00.000Z", name: "Si-Pintar" };
const v2 = { ...v1, version: 2, name: "Si-Pintar 2", updatedAt: "2026-11-27T02:00:00.000Z" };

describe("decoding the Firestore CloudEvent", () => {
  it("decodes a real protobuf encoding of an update, nested values included", () => {
    const after = { ...v2, budget: 12.5, team: [{ name: "Aini", nip: "012345678901234567" }], trialDate: null, archived: false };
    const change = decodeDocumentEvent(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v1, after));
    expect(change).toEqual({ collection: "innovations", id: "INO-1", before: v1, after });
  });

  it("a create has no before, a delete no after", () => {
    expect(decodeDocumentEvent(encodeDocumentEvent("demo-labinov", "programs", "PRG-1", null, v1))).toMatchObject({ collection: "programs", before: null, after: v1 });
    expect(decodeDocumentEvent(encodeDocumentEvent("demo-labinov", "programs", "PRG-1", v1, null))).toMatchObject({ before: v1, after: null });
  });

  it("refuses bytes that are not a DocumentEventData", () => {
    expect(() => decodeDocumentEvent(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/tidak bisa dibaca/);
  });
});

describe("planning the sync of a change", () => {
  const change = (before: Record<string, unknown> | null, after: Record<string, unknown> | null, collection = "innovations"): RecordChange => ({
    collection,
    id: "INO-1",
    before,
    after,
  });
  const cases: { name: string; change: RecordChange; plan: Partial<SyncPlan> }[] = [
    { name: "a change from the API", change: change(v1, v2), plan: { skip: false, unitIds: ["dinkes"], exceptSpreadsheetId: null, changedAt: v2.updatedAt } },
    { name: "a create", change: change(null, v1), plan: { skip: false, unitIds: ["dinkes"] } },
    { name: "a move between units reaches both", change: change(v1, { ...v2, unitId: "kec-mayangan" }), plan: { skip: false, unitIds: ["dinkes", "kec-mayangan"] } },
    { name: "a sheet edit goes everywhere but its own sheet", change: change(v1, { ...v2, source: "sheet", updatedBy: "sheet:sheet-dinkes" }), plan: { skip: false, exceptSpreadsheetId: "sheet-dinkes" } },
    { name: "a write at the same version", change: change(v2, { ...v2 }), plan: { skip: true, reason: "same_version" } },
    { name: "a unit record", change: change(v1, v2, "opd"), plan: { skip: true, reason: "not_synced" } },
    { name: "an audit entry", change: change(null, v1, "audit"), plan: { skip: true, reason: "not_synced" } },
  ];
  it.each(cases)("$name", ({ change, plan }) => {
    expect(planRecordSync(change)).toMatchObject(plan);
  });
});

describe("recordChanged over HTTP (binary CloudEvent, protobuf body)", () => {
  const sync = recordingSync({ dinkes: ["sheet-dinkes", "sheet-bagian-organisasi"], "kec-mayangan": ["sheet-mayangan"] });
  let served: Served;
  beforeAll(async () => {
    served = await serveCloudEvent(recordChangedHandler(() => ({ db: database.db, sync })) as never);
  });
  beforeEach(async () => {
    sync.calls.length = 0;
    await database.clear();
  });
  afterAll(async () => {
    await served.stop();
    await database.db.terminate();
  });

  function deliver(body: Uint8Array, id = "evt-1") {
    return fetch(served.url, {
      method: "POST",
      headers: {
        "content-type": "application/protobuf",
        "ce-specversion": "1.0",
        "ce-type": "google.cloud.firestore.document.v1.written",
        "ce-source": "//firestore.googleapis.com/projects/demo-labinov/databases/(default)",
        "ce-subject": "documents/innovations/INO-1",
        "ce-id": id,
      },
      body: Buffer.from(body),
    });
  }

  // What it asks of the port; that the engine coalesces these asks into few runs is shown against
  // the real engine in withSyncEngine.test.ts ("1,000 record changes ...").
  it("asks for a sync of every spreadsheet that shows the record, at the change's instant", async () => {
    const response = await deliver(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v1, v2));
    expect(response.status).toBe(204);
    expect(sync.calls).toEqual([`after:sheet-dinkes@${v2.updatedAt}`, `after:sheet-bagian-organisasi@${v2.updatedAt}`]);
  });

  it("a change the sync made from a sheet does not go back to that sheet", async () => {
    const fromSheet = { ...v2, source: "sheet", updatedBy: "sheet:sheet-dinkes" };
    expect((await deliver(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v1, fromSheet))).status).toBe(204);
    expect(sync.calls).toEqual([`after:sheet-bagian-organisasi@${v2.updatedAt}`]);
  });

  it("the same event twice, or an older one after a newer, only asks for syncs at instants, never carrying field values", async () => {
    const v3 = { ...v2, version: 3, updatedAt: "2026-11-27T03:00:00.000Z" };
    await deliver(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v2, v3), "evt-3");
    await deliver(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v2, v3), "evt-3");
    await deliver(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v1, v2), "evt-2");
    // Every request names a target and an instant; none carries field values the engine would apply.
    expect(new Set(sync.calls.map((call) => call.split("@")[0]))).toEqual(new Set(["after:sheet-dinkes", "after:sheet-bagian-organisasi"]));
  });

  it("an unreadable payload is acknowledged (a retry cannot fix it) and kept in deadLetters for a person to see", async () => {
    const response = await deliver(new Uint8Array([0xff, 0xff, 0xff]), "evt-unreadable");
    expect(response.status).toBe(204);
    expect(sync.calls).toEqual([]);
    const letters = (await database.db.collection(DEAD_LETTERS_COLLECTION).get()).docs.map((doc) => doc.data());
    expect(letters).toEqual([
      expect.objectContaining({ eventId: "evt-unreadable", functionName: "recordChanged", type: "google.cloud.firestore.document.v1.written", reason: expect.stringMatching(/tidak bisa dibaca/), dataBytes: 3 }),
    ]);
    // Eventarc's redelivery of the same event keeps one letter.
    expect((await deliver(new Uint8Array([0xff, 0xff, 0xff]), "evt-unreadable")).status).toBe(204);
    expect((await database.db.collection(DEAD_LETTERS_COLLECTION).get()).size).toBe(1);
  });

  it("an engine failure answers 500, so Eventarc delivers the event again", async () => {
    const failing = { ...sync, targetsForUnits: async () => Promise.reject(new Error("Firestore tidak menjawab")) };
    const server = await serveCloudEvent(recordChangedHandler(() => ({ db: database.db, sync: failing })) as never);
    try {
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/protobuf", "ce-specversion": "1.0", "ce-type": "google.cloud.firestore.document.v1.written", "ce-source": "//firestore", "ce-id": "evt-9" },
        body: Buffer.from(encodeDocumentEvent("demo-labinov", "innovations", "INO-1", v1, v2)),
      });
      expect(response.status).toBe(500);
    } finally {
      await server.stop();
    }
  });
});
