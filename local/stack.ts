// The local stack: every real part of labinov wired on one laptop, with local stand-ins
// for Google: the Firestore emulator, our Sheets API emulator (edits on its page reach
// sheetEdited), an SMTP sink, Firestore listeners shaped as Eventarc's CloudEvents, a
// reconcile timer in place of Cloud Scheduler, and a form page in place of Google Forms.
// Used by `npm start` and by the end-to-end tests.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
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
import { exportFirestoreEmulator, findExportMetadata, startFirestoreEmulator } from "./firestoreEmulator.js";
import { EVENT_ROUTES, relayFirestoreEvents, type FirestoreEventRelay } from "./firestoreEvents.js";
import { formPageHandler } from "./formPage.js";
import { functionsRouter } from "./functionsRouter.js";
import { startSmtpSink, type SmtpSink } from "./smtpSink.js";

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
  stop(): Promise<void>;
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

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stoppers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) {
      await Promise.resolve(stopOne()).catch((error: unknown) => log.warn("local stack: stop failed", { error }));
    }
  };
  try {
    const projectId = options.projectId ?? process.env.GOOGLE_CLOUD_PROJECT ?? "demo-labinov";
    const dataDir = options.dataDir ?? ".local";
    if (!process.env.FIRESTORE_EMULATOR_HOST) {
      // An emulator we start keeps nothing by itself: export on stop, start from the export.
      const exportFolder = join(dataDir, "firestore");
      const emulator = await startFirestoreEmulator({ seedFromExport: findExportMetadata(exportFolder) });
      process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
      stoppers.push(async () => {
        await exportFirestoreEmulator(emulator.host, projectId, exportFolder).catch((error: unknown) =>
          log.warn("local stack: Firestore data not saved", { error }),
        );
        await emulator.stop();
        delete process.env.FIRESTORE_EMULATOR_HOST;
      });
    }
    const firestoreHost = process.env.FIRESTORE_EMULATOR_HOST!;

    // The HTTP server listens first: the Sheets emulator needs its URL for the edit webhook.
    let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.writeHead(503).end();
    const server = createServer((request, response) => handle(request, response));
    const url = await listen(server, options.port ?? 8080);
    stoppers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    stoppers.push(() => server.closeAllConnections());

    const webhookSecret = process.env.WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET;
    const adminToken = process.env.ADMIN_TOKEN ?? randomBytes(24).toString("hex");
    const sheetsEmulator = await startSheetsEmulator({
      port: options.sheetsPort ?? 0,
      persistPath: join(dataDir, "sheets-emulator.json"),
      editWebhook: sheetEditWebhook(`${url}/sheetEdited`, webhookSecret),
      view: { pinnedHeaders: PINNED_HEADERS, rowIdHeader: ROW_ID_HEADER },
    });
    stoppers.push(() => sheetsEmulator.stop());
    const smtpSink = await startSmtpSink({ port: options.smtpPort ?? 2525, webPort: options.mailWebPort ?? 0, folder: join(dataDir, "mail") });
    stoppers.push(() => smtpSink.stop());

    // Everything the functions read from config points at the local stand-ins.
    Object.assign(process.env, {
      GOOGLE_CLOUD_PROJECT: projectId,
      SHEETS_API_URL: sheetsEmulator.url,
      SMTP_URL: smtpSink.smtpUrl,
      WEBHOOK_SECRET: webhookSecret,
      ADMIN_TOKEN: adminToken,
      METADATA_SERVER_DETECTION: process.env.METADATA_SERVER_DETECTION ?? "none",
    });
    reloadConfig();
    const db = firestore(projectId);
    const { FUNCTION_NAMES } = await import("../functions/index.js");
    const route = functionsRouter(FUNCTION_NAMES);
    const formPage = formPageHandler(db, () => url, webhookSecret);

    handle = (request, response) => {
      const path = new URL(request.url ?? "/", url).pathname;
      if (path === "/healthz") {
        void firestoreAnswers(db).then((ok) => {
          response.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
          response.end(JSON.stringify({ status: ok ? "ok" : "firestore tidak menjawab" }));
        });
        return;
      }
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

    const recordStores = stores(db);
    let seeded: SeedResult | null = null;
    if (await databaseIsEmpty(recordStores)) {
      // Spreadsheets kept from an earlier run would point at records that are gone.
      sheetsEmulator.wipe();
      if (options.seed !== false) seeded = await seedDemo(recordStores);
    }
    const spreadsheets =
      options.demoSheets === false ? [] : await ensureDemoSheets(db, sheetsClient({ SHEETS_API_URL: sheetsEmulator.url }), sheetsEmulator.url);

    // Listeners start after the demo set-up, so only later changes become events.
    const routes = Object.fromEntries(Object.entries(EVENT_ROUTES).map(([collection, name]) => [collection, `${url}/${name}`]));
    const events = relayFirestoreEvents(db, projectId, routes);
    stoppers.push(async () => {
      events.stop();
      await events.idle();
    });

    const reconcileEveryMs = options.reconcileEveryMs ?? 60_000;
    if (reconcileEveryMs > 0) {
      const timer = setInterval(() => {
        fetch(`${url}/reconcileSheets`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` } })
          .then((response) => {
            if (!response.ok) log.warn("local reconcile refused", { status: response.status });
          })
          .catch((error: unknown) => log.warn("local reconcile failed", { error }));
      }, reconcileEveryMs);
      stoppers.push(() => clearInterval(timer));
    }

    const services = [
      { name: "Fungsi", where: FUNCTION_NAMES.map((name) => `${url}/${name}`).join("\n" + " ".repeat(25)) },
      { name: "Health check", where: `${url}/healthz` },
      { name: "Formulir usulan", where: `${url}/form` },
      { name: "Firestore emulator", where: `${firestoreHost} (project ${projectId})` },
      { name: "Sheets API emulator", where: `${sheetsEmulator.url} (daftar spreadsheet: ${sheetsEmulator.url}/view)` },
      ...spreadsheets.map((sheet) => ({ name: "  spreadsheet", where: `${sheet.viewUrl}  ${sheet.title}` })),
      { name: "Email (SMTP sink)", where: `${smtpSink.smtpUrl}, kotak masuk: ${smtpSink.webUrl}` },
      { name: "Rekonsiliasi", where: reconcileEveryMs > 0 ? `setiap ${reconcileEveryMs / 1000} detik` : "mati" },
    ];
    return { url, projectId, firestoreHost, db, sheetsEmulator, smtpSink, events, seeded, spreadsheets, webhookSecret, adminToken, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
