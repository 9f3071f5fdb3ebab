// The functions with the real sync engine, the local Sheets API emulator (through the real
// googleapis client), the Firestore emulator and a real SMTP server: what staff would see.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { formSubmittedHandler } from "../../functions/formSubmitted.js";
import { mailQueuedHandler } from "../../functions/mailQueued.js";
import { syncRequestedHandler } from "../../functions/syncRequested.js";
import { reconcileSheetsHandler } from "../../functions/reconcileSheets.js";
import { recordChangedHandler } from "../../functions/recordChanged.js";
import { sheetEditedHandler } from "../../functions/sheetEdited.js";
import { initTarget, syncSpreadsheet } from "../../sheets/index.js";
import { findSheet, getCell } from "../../sheets/emulator/model.js";
import { parseConfig } from "../../src/config.js";
import { sheetSyncFromEngine } from "../../sheets/port.js";
import type { SheetSync } from "../../src/ports/sheetSync.js";
import { innovationIdForResponse } from "../../src/forms/formSubmission.js";
import { encodeDocumentEvent, relayFirestoreEvents } from "../../local/firestoreEvents.js";
import { runAppsScript, scriptServices } from "../apps-script/runAppsScript.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, readTab, seedUnits, startSyncWorld, tabRows, type, type SyncWorld } from "../sync/support.js";
import type { DocumentData } from "firebase-admin/firestore";
import { cloudEventHeaders } from "./documentEvents.js";
import { formSubmitBody } from "./formJourney.js";
import { postSigned, serveCloudEvent, serveHttp, TEST_SECRET, type Served } from "./support.js";

const ADMIN_TOKEN = "token-admin-labinov-uji-0123456789abcdefgh";
const WRITE_METHODS = ["spreadsheets.values.batchUpdate", "spreadsheets.values.update", "spreadsheets.values.append", "spreadsheets.values.clear", "spreadsheets.batchUpdate"];

let world: SyncWorld;
let sync: SheetSync;
let smtp: TestSmtpServer;
let mailer: Mailer;
let spreadsheetId: string;
const served: Record<"edit" | "form" | "event" | "reconcile" | "syncRequested" | "mailQueued" | "productionSyncRequested", Served> = {} as never;

/** Eventarc's part for the length of one test: the Firestore triggers of deploy/deploy.sh, over real HTTP. */
async function withTriggers(run: () => Promise<void>, syncRequestedUrl = served.syncRequested.url): Promise<void> {
  const relay = relayFirestoreEvents(world.database.db, world.database.projectId, {
    innovations: served.event.url,
    programs: served.event.url,
    sheetSyncRequests: syncRequestedUrl,
    mailOutbox: served.mailQueued.url,
  });
  try {
    // Writes before the listeners' first snapshots would count as "already there" and never be sent.
    await relay.listening;
    await run();
  } finally {
    relay.stop();
    await relay.idle();
  }
}

function writeRequests(): number {
  return WRITE_METHODS.reduce((sum, method) => sum + (world.emulator.counters[method] ?? 0), 0);
}

function allRequests(): number {
  return Object.values(world.emulator.counters).reduce((sum, count) => sum + count, 0);
}

/** A form answer whose free-text answers start with +, - and @ (kept as text, never formulas). */
function formBody(responseId: string, name: string, eventId = `form-${responseId}`): string {
  const more = [
    { title: "Permasalahan", value: "+62 antrean panjang" },
    { title: "Tujuan", value: "-1 jam menunggu" },
    { title: "Manfaat", value: "@semua warga" },
  ];
  return formSubmitBody(responseId, { name, eventId, more });
}

beforeAll(async () => {
  world = await startSyncWorld();
  sync = sheetSyncFromEngine(world.deps, { changeDebounceMs: 300 });
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
  const db = world.database.db;
  served.edit = await serveHttp(sheetEditedHandler(() => ({ db, sync, webhookSecret: TEST_SECRET })));
  served.form = await serveHttp(formSubmittedHandler(() => ({ db, webhookSecret: TEST_SECRET })));
  served.syncRequested = await serveCloudEvent(syncRequestedHandler(() => ({ db, sync })) as never);
  served.mailQueued = await serveCloudEvent(mailQueuedHandler(() => ({ db, mailer })) as never);
  // The engine as deployed: the production debounce for requested syncs.
  const productionSync = sheetSyncFromEngine(world.deps);
  served.productionSyncRequested = await serveCloudEvent(syncRequestedHandler(() => ({ db, sync: productionSync })) as never);
  served.event = await serveCloudEvent(recordChangedHandler(() => ({ db, sync })) as never);
  served.reconcile = await serveHttp(reconcileSheetsHandler(() => ({ sync, schedulerAuth: { adminToken: ADMIN_TOKEN } })));
});
beforeEach(async () => {
  await world.database.clear();
  world.emulator.wipe();
  smtp.received.length = 0;
  await seedUnits(world);
  await world.stores.units.update("dinkes", { headName: "dr. Nur Aini", headEmail: "dinkes@probolinggokota.go.id" }, testActor);
  spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId });
  await initTarget(world.deps, target.id);
  world.emulator.reset();
});
afterAll(async () => {
  await Promise.all(Object.values(served).map((server) => server.stop()));
  mailer.close?.();
  await smtp.stop();
  await world.stop();
});

describe("functions with the sync engine", () => {
  it("a form submission, posted twice, gives one row in the unit's sheet with formula-looking text kept as text", async () => {
    const name = '=HYPERLINK("http://jahat.example","klik")';
    await withTriggers(async () => {
      expect((await postSigned(served.form.url, formBody("resp-1", name))).status).toBe(200);
      // The script's resend of the same event gets the first answer again; a second event for the response changes nothing.
      expect((await postSigned(served.form.url, formBody("resp-1", name), { now: Date.now() + 1 })).status).toBe(200);
      expect((await postSigned(served.form.url, formBody("resp-1", name, "form-resp-1-lagi"))).status).toBe(200);
      // The row comes through recordChanged, the mail through mailQueued: nobody waited for either.
      await vi.waitFor(async () => expect(await tabRows(world, spreadsheetId)).toHaveLength(1), { timeout: 20_000, interval: 100 });
      await vi.waitFor(() => expect(smtp.received).toHaveLength(2), { timeout: 20_000, interval: 100 });
    });

    const rows = await tabRows(world, spreadsheetId);
    expect(rows).toHaveLength(1);
    const texts = { "Nama Inovasi": name, Permasalahan: "+62 antrean panjang", Tujuan: "-1 jam menunggu", Manfaat: "@semua warga" };
    expect(rows[0]).toMatchObject({ ID: innovationIdForResponse("form-usulan", "resp-1"), Tahap: "Drum-up", ...texts });
    // Each stored as a string value, not as a formula or number the sheet would evaluate.
    const header = (await readTab(world, spreadsheetId))[0]!;
    const sheet = findSheet(world.emulator.spreadsheets.get(spreadsheetId)!, "Inovasi")!;
    for (const [column, text] of Object.entries(texts)) {
      expect(getCell(sheet, 1, header.indexOf(column))?.input.value, column).toEqual({ stringValue: text });
    }
    expect(smtp.received).toHaveLength(2);
  });

  it("a signed edit notice brings the staff's edit into Firestore", async () => {
    await world.stores.innovations.create("INO-AAAAAAA1", innovationFields(), testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const header = (await readTab(world, spreadsheetId))[0]!;
    await type(world, spreadsheetId, `${columnOf(header, "Urusan")}2`, [["pelayanan kesehatan dasar"]]);

    const edit = { kind: "sheetEdit", eventId: "edit-0001-abcd", spreadsheetId, sheetName: "Inovasi", range: `${columnOf(header, "Urusan")}2`, user: "", editedAt: new Date().toISOString() };
    await withTriggers(async () => {
      const response = await postSigned(served.edit.url, JSON.stringify(edit));
      expect(response.status).toBe(202);
      await vi.waitFor(async () => expect((await world.stores.innovations.require("INO-AAAAAAA1")).version).toBe(2), { timeout: 20_000, interval: 100 });
    });
    const record = await world.stores.innovations.require("INO-AAAAAAA1");
    expect(record).toMatchObject({ urusan: "pelayanan kesehatan dasar", source: "sheet", version: 2 });
  });

  it("thirty edit notices at once become one request document and few sync runs, and the last edit lands", async () => {
    await world.stores.innovations.create("INO-AAAAAAA4", innovationFields(), testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const header = (await readTab(world, spreadsheetId))[0]!;
    const cell = `${columnOf(header, "Urusan")}2`;
    await type(world, spreadsheetId, cell, [["urusan terakhir"]]);
    world.emulator.reset();
    await withTriggers(async () => {
      const notices = Array.from({ length: 30 }, (_, index) =>
        JSON.stringify({ kind: "sheetEdit", eventId: `edit-burst-${index}`, spreadsheetId, sheetName: "Inovasi", range: cell, user: "", editedAt: new Date().toISOString() }),
      );
      const statuses = await Promise.all(notices.map((body) => postSigned(served.edit.url, body).then((response) => response.status)));
      expect(statuses).toEqual(Array(30).fill(202));
      await vi.waitFor(async () => expect((await world.stores.innovations.require("INO-AAAAAAA4")).urusan).toBe("urusan terakhir"), { timeout: 20_000, interval: 100 });
    });
    const requests = await world.database.db.collection("sheetSyncRequests").get();
    expect(requests.docs.map((doc) => [doc.id, doc.get("notices")])).toEqual([[spreadsheetId, 30]]);
    // One values.batchGet per run: the thirty notices shared the engine's debounced run(s).
    const runs = world.emulator.counters["spreadsheets.values.batchGet"] ?? 0;
    console.info(`30 notices: ${runs} sync run(s)`, world.emulator.counters);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(2);
  });

  it("thirty staff edits at once through Code.gs: two notices, one request document, at most one sync run per notice", async () => {
    await world.stores.innovations.create("INO-AAAAAAA5", innovationFields(), testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const header = (await readTab(world, spreadsheetId))[0]!;
    const column = header.indexOf("Urusan") + 1;
    await type(world, spreadsheetId, `${columnOf(header, "Urusan")}2`, [["diketik bersamaan"]]);
    world.emulator.reset();
    const services = scriptServices();
    const settings = { LABINOV_SECRET: TEST_SECRET, LABINOV_SHEET_EDITED_URL: served.edit.url };
    // The first notice stays in flight until the other 29 executions have ended: Google's
    // network latency, made certain (worker threads start too slowly to overlap otherwise).
    let releaseFirst!: () => void;
    const othersEnded = new Promise<void>((resolve) => (releaseFirst = resolve));
    let held = false;
    const beforeFetch = () => (held ? Promise.resolve() : ((held = true), othersEnded));
    let ended = 0;
    await withTriggers(async () => {
      const runs = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          runAppsScript(settings, [{ fn: "labinovOnEdit", edit: { spreadsheetId, sheetName: "Inovasi", row: 2 + (index % 3), column, numRows: 1, numColumns: 1 } }], { services, beforeFetch }).then((run) => {
            if (++ended === 29) releaseFirst();
            return run;
          }),
        ),
      );
      const posts = runs.flatMap((run) => run.fetches);
      expect(posts.map((post) => post.status)).toEqual([202, 202]);
      await vi.waitFor(async () => expect((await world.stores.innovations.require("INO-AAAAAAA5")).urusan).toBe("diketik bersamaan"), { timeout: 30_000, interval: 200 });
    }, served.productionSyncRequested.url);
    expect((await world.database.db.collection("sheetSyncRequests").get()).size).toBe(1);
    const syncRuns = world.emulator.counters["spreadsheets.values.batchGet"] ?? 0;
    console.info(`30 edits: ${syncRuns} sync run(s)`);
    // Edits are not debounced (sheets/port.ts EDIT_DEBOUNCE_MS): the second notice shares the first
    // notice's run only when it was recorded before that run took its lease; after it, the edit it
    // tells of may be newer than the run's read, so it gets its own run.
    expect(syncRuns).toBeGreaterThanOrEqual(1);
    expect(syncRuns).toBeLessThanOrEqual(2);
  }, 60_000);

  // recordChanged's coalescing, against the real engine: 1,000 events and 100 redeliveries of the
  // same events (Eventarc delivers at least once) make a handful of runs, not one per event.
  it("1,000 record changes (and 100 events delivered twice) reach the sheet with a handful of Sheets write requests", async () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `INO-B${String(index).padStart(7, "0")}`);
    const events: { id: string; after: DocumentData }[] = [];
    for (let start = 0; start < ids.length; start += 50) {
      const batch = await Promise.all(
        ids.slice(start, start + 50).map((id, offset) => world.stores.innovations.create(id, innovationFields({ name: `Inovasi nomor ${start + offset}` }), testActor)),
      );
      for (const { record } of batch) events.push({ id: record.id, after: JSON.parse(JSON.stringify(record)) as DocumentData });
    }
    world.emulator.reset();
    const deliveries = [...events.map((event, index) => ({ ...event, eventId: `evt-${index}` })), ...events.slice(0, 100).map((event, index) => ({ ...event, eventId: `evt-${index}` }))];

    // Delivered 100 at a time (Eventarc too delivers with bounded concurrency; 1,000 sockets at
    // once would overflow one test server's listen backlog).
    const statuses: number[] = [];
    let next = 0;
    const deliverOne = async (): Promise<void> => {
      while (next < deliveries.length) {
        const { id, after, eventId } = deliveries[next++]!;
        const response = await fetch(served.event.url, { method: "POST", headers: cloudEventHeaders(eventId, `documents/innovations/${id}`), body: Buffer.from(encodeDocumentEvent("demo-labinov", "innovations", id, null, after)) });
        statuses.push(response.status);
      }
    };
    await Promise.all(Array.from({ length: 100 }, deliverOne));
    expect(statuses).toHaveLength(1100);
    expect(statuses.every((status) => status === 204)).toBe(true);

    const writes = writeRequests();
    const total = allRequests();
    console.info(`1000 changes: ${writes} Sheets write requests, ${total} Sheets requests in all`, world.emulator.counters);
    expect(writes).toBeLessThanOrEqual(5);
    expect(total).toBeLessThanOrEqual(20);
    const rows = await tabRows(world, spreadsheetId);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((row) => row.ID))).toEqual(new Set(ids));
  }, 120_000);

  it("the reconcile repairs a sheet whose edit notice and change event never came", async () => {
    await world.stores.innovations.create("INO-AAAAAAA2", innovationFields(), testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const header = (await readTab(world, spreadsheetId))[0]!;
    // Staff edit, no webhook; a change made in Firestore, no event.
    await type(world, spreadsheetId, `${columnOf(header, "Urusan")}2`, [["kesehatan masyarakat"]]);
    await world.stores.innovations.create("INO-AAAAAAA3", innovationFields({ name: "Posyandu digital" }), testActor);

    const response = await fetch(served.reconcile.url, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    expect((await world.stores.innovations.require("INO-AAAAAAA2")).urusan).toBe("kesehatan masyarakat");
    const rows = await tabRows(world, spreadsheetId);
    expect(rows.map((row) => row["Nama Inovasi"]).sort()).toEqual(["Posyandu digital", "Si-Pintar: antrean puskesmas daring"]);
  });
});
