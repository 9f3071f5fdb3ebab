// One Firestore client per process, through firebase-admin, for the configured project.
// With FIRESTORE_EMULATOR_HOST set, the SDK talks to the emulator and never to Google.
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { config } from "../config.js";

const databases = new Map<string, Firestore>();

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
