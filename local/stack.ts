// The local stack: every real part of labinov wired on one laptop, with local stand-ins
// for Google: the Firestore emulator, our Sheets API emulator (edits on its page reach
// sheetEdited), an SMTP sink, Firestore listeners shaped as Eventarc's CloudEvents, a
// reconcile timer in place of Cloud Scheduler, and a form page in place of Google Forms.
// Used by `npm start` and by the end-to-end tests.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import type { Firestore } from "firebase-admin/firestore";
import { sheetsClient } from "../sheets/client.js";
import { startSheetsEmulator, type SheetsEmulator } from "../sheets/emulator/index.js";
import { reloadConfig } from "../src/config.js";
import { log } from "../src/log.js";
import { databaseIsEmpty, seedDemo, type SeedResult } from "../src/seed/seed.js";
import { firestore } from "../src/store/db.js";
import { stores } from "../src/store/kinds.js";
import { ensureDemoSheets, type DemoSpreadsheet } from "./demoSheets.js";
import { PINNED_HEADERS, ROW_ID_HEADER, sheetEditWebhook } from "./sheetEditWebhook.js";
import { exportFirestoreEmulator, latestExport, startFirestoreEmulator } from "./firestoreEmulator.js";
import { EVENT_ROUTES, relayFirestoreEvents, type FirestoreEventRelay } from "./firestoreEvents.js";
import { formPageHandler } from "./formPage.js";
import { functionsRouter } from "./functionsRouter.js";
import { forgetEmulator, recordEmulator, stopOrphanEmulator } from "./orphanEmulator.js";
import { saveAsItChanges } from "./saveAsItChanges.js";
import { startSmtpSink, type SmtpSink } from "./smtpSink.js";
import { findLocalStack, removeStackFile, writeStackFile, type StackEndpoints } from "./stackFile.js";

/** Fixed so that a pasted local Apps Script keeps working across restarts; never used in production. */
const LOCAL_WEBHOOK_SECRET = "labinov-lokal-bukan-rahasia-produksi-0001";

export interface LocalStackOptions {
  port?: number; // 0 picks a free port
  projectId?: string;
  /** Where Firestore data, spreadsheets and received mail are kept across restarts. */
  dataDir?: string;
  sheetsPort?: number;
  smtpPort?: number;
  mailWebPort?: number;
  seed?: boolean;
  demoSheets?: boolean;
  /** How often the reconcile runs, as Cloud Scheduler would call it; 0 turns it off. */
  reconcileEveryMs?: number;
  /** Aborted (Ctrl-C during start-up): the start stops what it started so far and rejects. */
  signal?: AbortSignal;
}

export interface LocalStack {
  url: string;
  projectId: string;
  firestoreHost: string;
  db: Firestore;
  sheetsEmulator: SheetsEmulator;
  smtpSink: SmtpSink;
  events: FirestoreEventRelay;
  seeded: SeedResult | null;
  spreadsheets: DemoSpreadsheet[];
  webhookSecret: string;
  adminToken: string;
  services: { name: string; where: string }[];
  dataDir: string;
  stop(): Promise<void>;
}

/** A second `npm start` on the same data folder while the first still runs. */
export class StackAlreadyRunning extends Error {
  constructor(readonly endpoints: StackEndpoints, file: string) {
    super(
      `labinov lokal sudah berjalan (pid ${endpoints.pid}) di ${endpoints.functionsUrl}, dengan data di ${file}.\n` +
        `Pakai yang itu, atau hentikan dulu (Ctrl-C di terminalnya, atau kill ${endpoints.pid}) lalu jalankan npm start lagi.`,
    );
    this.name = "StackAlreadyRunning";
  }
}

type Stopper = () => Promise<void> | void;
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** What the steps of a start share: the options, where data is kept, and how to undo each step. */
interface Start {
  options: LocalStackOptions;
  projectId: string;
  dataDir: string;
  /** Undo steps, run in reverse order by stop(). */
  stoppers: Stopper[];
  /** The step running now; /readyz names it until the stack is ready. */
  step: string;
  ready: boolean;
}

/** Answers when a Firestore call comes back in time; /healthz is 200 only then. */
async function firestoreAnswers(db: Firestore, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.listCollections().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answerJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Each step checks first whether start-up was called off (Ctrl-C), then says what it does. */
function enter(start: Start, step: string): void {
  start.options.signal?.throwIfAborted();
  start.step = step;
}

/**
 * Waits for a step that may never end (the Firestore listeners' first snapshots: a listener
 * retries for as long as the emulator does not answer), or rejects as soon as start-up is called
 * off, so a Ctrl-C there still reaches the stop.
 */
async function unlessCalledOff<T>(start: Start, step: Promise<T>): Promise<T> {
  const signal = start.options.signal;
  if (!signal) return step;
  signal.throwIfAborted();
  let onAbort = () => {};
  const calledOff = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([step, calledOff]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Never a second stack on the same data folder: it would start a second emulator beside the
 * first. The first counts as running when its process lives and its port answers (a pid alone
 * may have been reused since).
 */
async function refuseSecondStack(start: Start): Promise<void> {
  const found = findLocalStack(start.dataDir);
  if (found.state !== "running" || found.endpoints.pid === process.pid) return;
  const answers = await fetch(`${found.endpoints.functionsUrl}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
    () => true,
    () => false,
  );
  if (answers) throw new StackAlreadyRunning(found.endpoints, found.file);
  log.warn("local stack: the stack.json found belongs to no running stack; starting anew", { file: found.file, pid: found.endpoints.pid });
}

/**
 * The emulator FIRESTORE_EMULATOR_HOST names, or ours: an emulator an earlier run left running
 * is saved and stopped first, ours starts from the last save, is recorded as it spawns, and is
 * saved once more and stopped on stop. Returns how to save it (undefined for one not ours).
 */
async function startFirestore(start: Start): Promise<{ host: string; save?: () => Promise<unknown> }> {
  if (process.env.FIRESTORE_EMULATOR_HOST) return { host: process.env.FIRESTORE_EMULATOR_HOST };
  const exportFolder = join(start.dataDir, "firestore");
  await stopOrphanEmulator(start.dataDir, exportFolder);
  const emulator = await startFirestoreEmulator({
    seedFromExport: latestExport(exportFolder),
    signal: start.options.signal,
    onSpawn: (pgid, host) => recordEmulator(start.dataDir, { pgid, host, projectId: start.projectId, startedAt: new Date().toISOString() }),
  }).catch((error: unknown) => {
    forgetEmulator(start.dataDir); // startFirestoreEmulator stopped what it spawned
    throw error;
  });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const save = () => exportFirestoreEmulator(emulator.host, start.projectId, exportFolder);
  start.stoppers.push(async () => {
    await save().catch((error: unknown) => log.warn("local stack: Firestore data not saved", { error }));
    await emulator.stop();
    forgetEmulator(start.dataDir);
    delete process.env.FIRESTORE_EMULATOR_HOST;
  });
  return { host: emulator.host, save };
}

/**
 * The one HTTP port. /healthz (alive: Firestore answers) and /readyz (ready: demo data and
 * spreadsheets are there) answer from the first moment; everything else once `serve` is given.
 */
async function openPort(start: Start, db: Firestore): Promise<{ url: string; serve(handler: Handler): void }> {
  let next: Handler = (_request, response) => answerJson(response, 503, { status: "menyiapkan", step: start.step });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") {
      void firestoreAnswers(db).then((ok) => answerJson(response, ok ? 200 : 503, { status: ok ? "ok" : "firestore tidak menjawab" }));
    } else if (path === "/readyz") {
      answerJson(response, start.ready ? 200 : 503, start.ready ? { status: "ok" } : { status: "menyiapkan", step: start.step });
    } else {
      next(request, response);
    }
  });
  const url = await listen(server, start.options.port ?? 8080);
  start.stoppers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  start.stoppers.push(() => server.closeAllConnections());
  return { url, serve: (handler) => (next = handler) };
}

/** Google's stand-ins: our Sheets API emulator (an edit on its page posts to sheetEdited) and an SMTP sink. */
async function startStandIns(start: Start, url: string, webhookSecret: string): Promise<{ sheetsEmulator: SheetsEmulator; smtpSink: SmtpSink }> {
  const sheetsEmulator = await startSheetsEmulator({
    port: start.options.sheetsPort ?? 0,
    persistPath: join(start.dataDir, "sheets-emulator.json"),
    editWebhook: sheetEditWebhook(`${url}/sheetEdited`, webhookSecret),
    view: { pinnedHeaders: PINNED_HEADERS, rowIdHeader: ROW_ID_HEADER },
  });
  start.stoppers.push(() => sheetsEmulator.stop());
  const smtpSink = await startSmtpSink({ port: start.options.smtpPort ?? 2525, webPort: start.options.mailWebPort ?? 0, folder: join(start.dataDir, "mail") });
  start.stoppers.push(() => smtpSink.stop());
  return { sheetsEmulator, smtpSink };
}

/** Everything the functions read from config points at the local stand-ins. */
function pointConfigAtStandIns(start: Start, sheetsEmulator: SheetsEmulator, smtpSink: SmtpSink, secrets: { webhookSecret: string; adminToken: string }): void {
  Object.assign(process.env, {
    GOOGLE_CLOUD_PROJECT: start.projectId,
    SHEETS_API_URL: sheetsEmulator.url,
    SMTP_URL: smtpSink.smtpUrl,
    WEBHOOK_SECRET: secrets.webhookSecret,
    ADMIN_TOKEN: secrets.adminToken,
    METADATA_SERVER_DETECTION: process.env.METADATA_SERVER_DETECTION ?? "none",
  });
  reloadConfig();
}

/** Every function at /<name>, each through the Functions Framework, and the form page at /form. */
async function serveFunctions(db: Firestore, url: string, webhookSecret: string): Promise<{ handler: Handler; names: readonly string[] }> {
  const { FUNCTION_NAMES } = await import("../functions/index.js");
  const route = functionsRouter(FUNCTION_NAMES);
  const formPage = formPageHandler(db, () => url, webhookSecret);
  const handler: Handler = (request, response) => {
    const path = new URL(request.url ?? "/", url).pathname;
    if (path === "/form") {
      formPage(request, response).catch((error: unknown) => {
        log.error("local form page failed", { error });
        if (!response.headersSent) response.writeHead(500).end(String(error));
      });
      return;
    }
    if (!route(request, response)) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end(`Tidak ada fungsi di ${request.url}\n`);
    }
  };
  return { handler, names: FUNCTION_NAMES };
}

/** Demo data into an empty database; spreadsheets kept from an earlier run would point at records that are gone. */
async function loadDemoData(start: Start, db: Firestore, sheetsEmulator: SheetsEmulator): Promise<SeedResult | null> {
  const recordStores = stores(db);
  if (!(await databaseIsEmpty(recordStores))) return null;
  sheetsEmulator.wipe();
  return start.options.seed === false ? null : seedDemo(recordStores);
}

/** Listeners start after the demo set-up, so only later changes become events. */
function relayEvents(start: Start, db: Firestore, url: string): FirestoreEventRelay {
  const routes = Object.fromEntries(Object.entries(EVENT_ROUTES).map(([collection, name]) => [collection, `${url}/${name}`]));
  const events = relayFirestoreEvents(db, start.projectId, routes);
  start.stoppers.push(async () => {
    events.stop();
    await events.idle();
  });
  return events;
}

/** Our emulator's data is saved shortly after each change, not only on a clean stop. */
function saveAsYouGo(start: Start, db: Firestore, save: () => Promise<unknown>): void {
  const saver = saveAsItChanges(db, save);
  // Stops before the emulator's last save (stoppers run in reverse), after the save in flight.
  start.stoppers.push(async () => {
    saver.stop();
    await saver.flush();
  });
}

/** `reconcileSheets` every so often, as Cloud Scheduler would call it. */
function scheduleReconcile(start: Start, url: string, adminToken: string): number {
  const everyMs = start.options.reconcileEveryMs ?? 60_000;
  if (everyMs <= 0) return 0;
  const timer = setInterval(() => {
    fetch(`${url}/reconcileSheets`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` } })
      .then((response) => {
        if (!response.ok) log.warn("local reconcile refused", { status: response.status });
      })
      .catch((error: unknown) => log.warn("local reconcile failed", { error }));
  }, everyMs);
  start.stoppers.push(() => clearInterval(timer));
  return everyMs;
}

/** The banner's lines: what runs where. */
function describeServices(parts: {
  url: string;
  functionNames: readonly string[];
  firestoreHost: string;
  projectId: string;
  sheetsEmulator: SheetsEmulator;
  spreadsheets: DemoSpreadsheet[];
  smtpSink: SmtpSink;
  reconcileEveryMs: number;
  dataDir: string;
}): { name: string; where: string }[] {
  const { url, sheetsEmulator, smtpSink } = parts;
  return [
    { name: "Fungsi", where: parts.functionNames.map((name) => `${url}/${name}`).join("\n" + " ".repeat(25)) },
    { name: "Hidup (liveness)", where: `${url}/healthz  (200 selama Firestore menjawab)` },
    { name: "Siap (readiness)", where: `${url}/readyz  (200 setelah data contoh, spreadsheet, dan pemicu Firestore siap)` },
    { name: "Formulir usulan", where: `${url}/form` },
    { name: "Firestore emulator", where: `${parts.firestoreHost} (project ${parts.projectId})` },
    { name: "Sheets API emulator", where: `${sheetsEmulator.url} (daftar spreadsheet: ${sheetsEmulator.url}/view)` },
    ...parts.spreadsheets.map((sheet) => ({ name: "  spreadsheet", where: `${sheet.viewUrl}  ${sheet.title}` })),
    { name: "Email (SMTP sink)", where: `${smtpSink.smtpUrl}, kotak masuk: ${smtpSink.webUrl}` },
    { name: "Rekonsiliasi", where: parts.reconcileEveryMs > 0 ? `setiap ${parts.reconcileEveryMs / 1000} detik` : "mati" },
    { name: "Data dan alamat", where: `${parts.dataDir} (npx labinov menemukan stack ini lewat stack.json)` },
  ];
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const start: Start = {
    options,
    projectId: options.projectId ?? process.env.GOOGLE_CLOUD_PROJECT ?? "demo-labinov",
    dataDir: resolve(options.dataDir ?? ".local"),
    stoppers: [],
    step: "memulai",
    ready: false,
  };
  const stop = async () => {
    for (const stopOne of start.stoppers.splice(0).reverse()) {
      await Promise.resolve(stopOne()).catch((error: unknown) => log.warn("local stack: stop failed", { error }));
    }
  };
  try {
    enter(start, "memeriksa stack lain");
    await refuseSecondStack(start);
    enter(start, "menyalakan Firestore emulator");
    const emulator = await startFirestore(start);
    const db = firestore(start.projectId);
    enter(start, "membuka port");
    const port = await openPort(start, db);
    enter(start, "menyalakan Sheets API emulator dan SMTP sink");
    const secrets = { webhookSecret: process.env.WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET, adminToken: process.env.ADMIN_TOKEN ?? randomBytes(24).toString("hex") };
    const { sheetsEmulator, smtpSink } = await startStandIns(start, port.url, secrets.webhookSecret);
    pointConfigAtStandIns(start, sheetsEmulator, smtpSink, secrets);
    enter(start, "memasang fungsi");
    const functions = await serveFunctions(db, port.url, secrets.webhookSecret);
    port.serve(functions.handler);
    const endpoints: StackEndpoints = {
      pid: process.pid,
      projectId: start.projectId,
      firestoreHost: emulator.host,
      sheetsApiUrl: sheetsEmulator.url,
      smtpUrl: smtpSink.smtpUrl,
      functionsUrl: port.url,
      ready: false,
      startedAt: new Date().toISOString(),
    };
    writeStackFile(start.dataDir, endpoints);
    start.stoppers.push(() => removeStackFile(start.dataDir));
    enter(start, "memuat data contoh");
    const seeded = await loadDemoData(start, db, sheetsEmulator);
    enter(start, "menyiapkan spreadsheet contoh");
    const spreadsheets =
      options.demoSheets === false ? [] : await ensureDemoSheets(db, sheetsClient({ SHEETS_API_URL: sheetsEmulator.url }), sheetsEmulator.url);
    enter(start, "menyalakan pemicu Firestore");
    const events = relayEvents(start, db, port.url);
    // "siap" only once the listeners have their first snapshots: the relay takes what those hold
    // as already there, so a proposal written earlier would never become an event.
    await unlessCalledOff(start, events.listening);
    if (emulator.save) saveAsYouGo(start, db, emulator.save);
    const reconcileEveryMs = scheduleReconcile(start, port.url, secrets.adminToken);
    enter(start, "siap");
    writeStackFile(start.dataDir, { ...endpoints, ready: true });
    start.ready = true;
    const services = describeServices({
      url: port.url,
      functionNames: functions.names,
      firestoreHost: emulator.host,
      projectId: start.projectId,
      sheetsEmulator,
      spreadsheets,
      smtpSink,
      reconcileEveryMs,
      dataDir: start.dataDir,
    });
    return {
      url: port.url,
      projectId: start.projectId,
      firestoreHost: emulator.host,
      db,
      sheetsEmulator,
      smtpSink,
      events,
      seeded,
      spreadsheets,
      ...secrets,
      services,
      dataDir: start.dataDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
