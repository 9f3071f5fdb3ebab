// The local stack: Firestore emulator, demo data, and every function on one port with
// /healthz. Used by `npm start` and by the end-to-end tests.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Firestore } from "firebase-admin/firestore";
import { resetConfigForTests } from "../config.js";
import { log } from "../log.js";
import { databaseIsEmpty, seedDemo, type SeedResult } from "../seed/seed.js";
import { firestore } from "../store/db.js";
import { stores } from "../store/kinds.js";
import { startFirestoreEmulator, type RunningFirestoreEmulator } from "./firestoreEmulator.js";
import { functionsRouter } from "./functionsRouter.js";

export interface LocalStackOptions {
  port?: number; // 0 picks a free port
  projectId?: string;
  seed?: boolean;
  functionNames?: readonly string[];
}

export interface LocalStack {
  url: string;
  firestoreHost: string;
  projectId: string;
  db: Firestore;
  seeded: SeedResult | null;
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

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch((error: unknown) => log.warn("stop failed", { error }));
  };
  try {
    let emulator: RunningFirestoreEmulator | undefined;
    if (!process.env.FIRESTORE_EMULATOR_HOST) {
      emulator = await startFirestoreEmulator();
      process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
      stoppers.push(async () => {
        await emulator!.stop();
        delete process.env.FIRESTORE_EMULATOR_HOST;
      });
    }
    const firestoreHost = process.env.FIRESTORE_EMULATOR_HOST!;
    const projectId = options.projectId ?? process.env.GOOGLE_CLOUD_PROJECT ?? "demo-labinov";
    process.env.GOOGLE_CLOUD_PROJECT = projectId;
    resetConfigForTests();
    const db = firestore(projectId);
    const recordStores = stores(db);

    let seeded: SeedResult | null = null;
    if (options.seed !== false && (await databaseIsEmpty(recordStores))) seeded = await seedDemo(recordStores);

    const route = functionsRouter(options.functionNames ?? []);
    const server: Server = createServer((request, response) => {
      if (request.url === "/healthz") {
        void firestoreAnswers(db).then((ok) => {
          response.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
          response.end(JSON.stringify({ status: ok ? "ok" : "firestore tidak menjawab" }));
        });
        return;
      }
      if (!route(request, response)) {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        response.end(`Tidak ada fungsi di ${request.url}\n`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 8080, "127.0.0.1", () => resolve());
    });
    stoppers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    server.closeIdleConnections?.();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const services = [
      { name: "Fungsi (semua)", where: `${url}/<namaFungsi>` },
      { name: "Health check", where: `${url}/healthz` },
      { name: "Firestore emulator", where: `${firestoreHost} (project ${projectId})` },
    ];
    return { url, firestoreHost, projectId, db, seeded, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
