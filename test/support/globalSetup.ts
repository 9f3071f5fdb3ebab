// Gives every test file a real Firestore emulator: the one named by FIRESTORE_EMULATOR_HOST,
// or one started here for the run and stopped afterwards.
import { startFirestoreEmulator } from "../../local/firestoreEmulator.js";

export default async function setup(): Promise<() => Promise<void>> {
  process.env.GOOGLE_CLOUD_PROJECT ??= "demo-labinov";
  // No metadata server off Google Cloud: skip the lookup instead of warning about it.
  process.env.METADATA_SERVER_DETECTION ??= "none";
  // Tests read outcomes, not logs: keep the run readable (a failing test still shows warnings).
  process.env.LOG_LEVEL ??= "warn";
  if (process.env.FIRESTORE_EMULATOR_HOST) return async () => {};
  const emulator = await startFirestoreEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  return () => emulator.stop();
}
