// One Firestore client per process, through firebase-admin, for the configured project.
// With FIRESTORE_EMULATOR_HOST set, the SDK talks to the emulator and never to Google.
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { config } from "../config.js";

const databases = new Map<string, Firestore>();

// gRPC, not Firestore's REST transport (`preferRest`): firebase-admin 13 carries
// @google-cloud/firestore 7 on google-gax 4, whose REST client takes an error's code from the HTTP
// status alone (googleapis/gax-nodejs#1634, fixed only in gax 5). ALREADY_EXISTS and ABORTED are
// both 409, so a create() that meets an existing document is retried as ABORTED until the commit
// deadline (firebase/firebase-admin-node#2587: the replay guard, the lease and the ledgers would
// hang), and FAILED_PRECONDITION (400) becomes INVALID_ARGUMENT, so a stale lease or record write
// reads as a bad request. On the emulator it also needs the emulator's token passed by hand
// (googleapis/google-cloud-node#7470). What REST would save is small: the gRPC stack costs the
// syncing process ~12 MB at its first request (bench/baselineMemory.ts).
/** The Firestore of a project (default: the configured one). Tests pass their own project ids. */
export function firestore(projectId = config().GOOGLE_CLOUD_PROJECT): Firestore {
  const existing = databases.get(projectId);
  if (existing) return existing;
  const app: App = getApps().find((candidate) => candidate.name === projectId) ?? initializeApp({ projectId }, projectId);
  const db = getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });
  databases.set(projectId, db);
  return db;
}

/** Closes every client this process opened (a finished CLI command must not wait on gRPC channels). */
export async function closeFirestores(): Promise<void> {
  const open = [...databases.values()];
  databases.clear();
  await Promise.all(open.map((db) => db.terminate().catch(() => undefined)));
}

export const COLLECTIONS = {
  units: "opd",
  programs: "programs",
  innovations: "innovations",
  audit: "audit",
} as const;
