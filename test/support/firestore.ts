// A database of its own for each test file: the shared emulator keeps projects apart,
// so files can run in parallel without seeing each other's records.
import { randomUUID } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import { clearFirestoreEmulator } from "../../local/firestoreEmulator.js";
import { firestore } from "../../src/store/db.js";

export function emulatorHost(): string {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error("FIRESTORE_EMULATOR_HOST is not set: test/support/globalSetup.ts should have started the emulator");
  return host;
}

export interface TestDatabase {
  db: Firestore;
  projectId: string;
  clear(): Promise<void>;
}

export function testDatabase(): TestDatabase {
  emulatorHost();
  const projectId = `demo-test-${randomUUID().slice(0, 8)}`;
  return { db: firestore(projectId), projectId, clear: () => clearFirestoreEmulator(emulatorHost(), projectId) };
}
