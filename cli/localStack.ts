// The CLI on a developer's machine needs nothing set: with `npm start` running, it reads the
// stack's endpoints from `.local/stack.json` (LABINOV_LOCAL_DIR elsewhere) and points its
// configuration at them. Whatever the operator set explicitly wins. Without a stack, and with
// nothing pointing at a real project, it says in Bahasa Indonesia what it needs instead of
// letting firebase-admin go looking for Google credentials.
import { findLocalStack, localDataDir, type FoundStack } from "../local/stackFile.js";
import { reloadConfig } from "../src/config.js";

export type LocalStackUse =
  /** FIRESTORE_EMULATOR_HOST or a real GOOGLE_CLOUD_PROJECT is set: the operator chose. */
  | { kind: "configured" }
  | { kind: "found"; found: Extract<FoundStack, { state: "running" }> }
  | { kind: "missing"; found: FoundStack; message: string };

/** A `demo-` project exists only in an emulator (Firebase's rule): it never reaches Google. */
function pointsAtGoogle(env: NodeJS.ProcessEnv): boolean {
  return env.GOOGLE_CLOUD_PROJECT !== undefined && !env.GOOGLE_CLOUD_PROJECT.startsWith("demo-");
}

export function missingStackMessage(found: FoundStack): string {
  const why =
    found.state === "gone"
      ? `${found.file} ada, tetapi prosesnya (pid ${found.endpoints.pid}) sudah berhenti`
      : `tidak ada labinov lokal yang berjalan (${found.file} tidak ada)`;
  return [
    `Firestore tidak ditemukan: ${why}.`,
    "Pilih salah satu:",
    "  - lokal: jalankan `npm start` di terminal lain (di folder proyek), tunggu sampai tertulis \"labinov lokal berjalan\", lalu ulangi perintah ini;",
    "  - emulator lain: isi FIRESTORE_EMULATOR_HOST=host:port (dan SHEETS_API_URL, SMTP_URL bila perlu);",
    "  - project Google Cloud sungguhan: isi GOOGLE_CLOUD_PROJECT=<project-id> dan login dengan `gcloud auth application-default login`.",
  ].join("\n");
}

/** Fills the configuration from the running local stack, unless the operator chose otherwise. */
export function useLocalStack(env: NodeJS.ProcessEnv = process.env): LocalStackUse {
  if (env.FIRESTORE_EMULATOR_HOST || pointsAtGoogle(env)) return { kind: "configured" };
  const found = findLocalStack(localDataDir(env));
  if (found.state !== "running") return { kind: "missing", found, message: missingStackMessage(found) };
  const { endpoints } = found;
  env.FIRESTORE_EMULATOR_HOST = endpoints.firestoreHost;
  env.GOOGLE_CLOUD_PROJECT ??= endpoints.projectId;
  env.SHEETS_API_URL ??= endpoints.sheetsApiUrl;
  env.SMTP_URL ??= endpoints.smtpUrl;
  // No metadata server beside a local stack: skip the lookup instead of warning about it.
  env.METADATA_SERVER_DETECTION ??= "none";
  reloadConfig();
  return { kind: "found", found };
}

/** What a person reads instead of a stack trace for failures we know the cause of. */
export function explainError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not load the default credentials/i.test(message)) {
    return [
      "Kredensial Google tidak ditemukan (Application Default Credentials).",
      "  - untuk Google Cloud: jalankan `gcloud auth application-default login`, atau jalankan di Google Cloud dengan service account;",
      "  - untuk lokal: jalankan `npm start` di terminal lain, lalu ulangi perintah ini (tanpa mengisi GOOGLE_CLOUD_PROJECT).",
    ].join("\n");
  }
  return message;
}
