// The local stand-in for Eventarc (local/firestoreEvents.ts): each watched collection's
// writes reach their function as binary CloudEvents, documents that existed before it started
// do not, and a refused delivery is sent again, as Eventarc does for functions deployed with --retry.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeDocumentEvent, type RecordChange } from "../../src/events/firestoreEvent.js";
import { EVENT_ROUTES, relayFirestoreEvents } from "../../local/firestoreEvents.js";
import { testDatabase } from "../support/firestore.js";
import { serveCloudEvent } from "./support.js";

const database = testDatabase();

beforeEach(() => database.clear());
afterAll(() => database.db.terminate());

describe("the local Eventarc relay", () => {
  it("routes the collections production has triggers on, as deploy/deploy.sh does", () => {
    expect(EVENT_ROUTES).toEqual({ innovations: "recordChanged", programs: "recordChanged", iidEvidence: "recordChanged", sheetSyncRequests: "syncRequested", mailOutbox: "mailQueued" });
  });

  it("delivers new writes only, and delivers a refused event again", async () => {
    await database.db.collection("sheetSyncRequests").doc("before-start").set({ notices: 1 });
    const seen: RecordChange[] = [];
    let refusals = 1;
    const server = await serveCloudEvent(((event: { data: unknown }) => {
      if (refusals-- > 0) throw new Error("sementara gagal");
      seen.push(decodeDocumentEvent(event.data));
    }) as never);
    const relay = relayFirestoreEvents(database.db, database.projectId, { sheetSyncRequests: server.url }, { retryDelayMs: 5 });
    try {
      // The listener's first snapshot (what already exists) is not an event: write until one is seen.
      let notices = 0;
      await vi.waitFor(async () => {
        await database.db.collection("sheetSyncRequests").doc("sheet-1").set({ notices: ++notices });
        expect(seen.map((change) => change.id)).toContain("sheet-1");
      }, { timeout: 10_000, interval: 200 });
      expect(seen.map((change) => change.id)).not.toContain("before-start");
      expect(refusals).toBeLessThan(0);
    } finally {
      relay.stop();
      await relay.idle();
      await server.stop();
    }
  });
});
