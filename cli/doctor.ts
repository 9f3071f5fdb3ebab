// `labinov doctor`: is the configuration valid, and does each backing service answer? It never
// throws: every problem is a ✗ line naming the address it tried and what to do about it.
import { GoogleAuth } from "google-auth-library";
import { createTransport } from "nodemailer";
import { config as loadConfig, type Config } from "../src/config.js";
import { firestore } from "../src/store/db.js";
import { failingMail, outboxLine } from "./doctorOutbox.js";
import { explainError, type LocalStackUse } from "./localStack.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** What to do when a service does not answer, by where it was looked for. */
const TODO = {
  local: "jalankan `npm start` di terminal lain, tunggu sampai siap, lalu ulangi `npx labinov doctor`",
  firestoreHost: "atau periksa FIRESTORE_EMULATOR_HOST",
  sheets: "atau periksa SHEETS_API_URL",
  smtp: "atau periksa SMTP_URL",
  credentials: "jalankan `gcloud auth application-default login`, atau jalankan di Google Cloud dengan service account",
};

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: tidak menjawab dalam ${ms / 1000} detik`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The network's words for why a call failed (ECONNREFUSED, a time-out), not only "fetch failed". */
function because(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? explainError(error);
}

async function check(name: string, run: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: explainError(error) };
  }
}

function localStackLine(local: LocalStackUse): CheckResult {
  if (local.kind === "found") {
    const { endpoints, file } = local.found;
    return { name: "Stack lokal", ok: true, detail: `${endpoints.functionsUrl} (${endpoints.ready ? "siap" : "masih menyiapkan"}), dari ${file}` };
  }
  if (local.kind === "missing") return { name: "Stack lokal", ok: false, detail: local.message };
  return { name: "Stack lokal", ok: true, detail: "tidak dipakai: FIRESTORE_EMULATOR_HOST atau GOOGLE_CLOUD_PROJECT diisi" };
}

async function checkFirestore(settings: Config): Promise<CheckResult> {
  const project = settings.GOOGLE_CLOUD_PROJECT;
  const host = settings.FIRESTORE_EMULATOR_HOST;
  if (host) {
    return check("Firestore", async () => {
      const url = `http://${host}/`;
      await withTimeout(fetch(url), 5000, url).catch((error: unknown) => {
        throw new Error(`emulator di ${url} tidak menjawab (${because(error)}): ${TODO.local}, ${TODO.firestoreHost}`);
      });
      await withTimeout(firestore().listCollections(), 10_000, `Firestore emulator ${url}`);
      return `emulator di ${host} (project ${project})`;
    });
  }
  const url = `https://firestore.googleapis.com/v1/projects/${project}/databases/(default)`;
  if (project.startsWith("demo-")) {
    // Firebase's demo- projects exist only in an emulator: asking Google would only fail on credentials.
    return { name: "Firestore", ok: false, detail: `project ${project} hanya ada di emulator, tetapi tidak ada emulator (tidak dicoba: ${url}); ${TODO.local}, atau isi FIRESTORE_EMULATOR_HOST` };
  }
  return check("Firestore", async () => {
    try {
      await withTimeout(new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/datastore"] }).getClient(), 10_000, "kredensial Google");
    } catch (error) {
      throw new Error(`${url}: ${explainError(error).split("\n")[0]} ${TODO.credentials}`, { cause: error });
    }
    await withTimeout(firestore().listCollections(), 10_000, url).catch((error: unknown) => {
      throw new Error(`${url}: ${explainError(error)}`);
    });
    return `project ${project} (${url})`;
  });
}

function checkSheets(settings: Config): Promise<CheckResult> {
  const root = (settings.SHEETS_API_URL ?? "https://sheets.googleapis.com").replace(/\/$/, "");
  const url = `${root}/v4/spreadsheets/labinov-doctor-probe`;
  const todo = settings.SHEETS_API_URL ? `${TODO.local}, ${TODO.sheets}` : "periksa koneksi internet";
  return check("Google Sheets API", async () => {
    // An unknown spreadsheet must be answered with Google's error body: proof the API is there.
    const response = await withTimeout(fetch(url), 10_000, url).catch((error: unknown) => {
      throw new Error(`${url} tidak menjawab (${because(error)}): ${todo}`);
    });
    const body = (await response.json().catch(() => null)) as { error?: { code?: number } } | null;
    if (!body?.error?.code) throw new Error(`${url} menjawab ${response.status} tanpa badan galat Google: ${todo}`);
    return `${root} menjawab (${body.error.code} untuk spreadsheet uji, sesuai harapan)`;
  });
}

function checkSmtp(settings: Config): Promise<CheckResult> {
  const url = settings.SMTP_URL ?? "smtp://127.0.0.1:2525";
  // SMTP_URL may carry a password: only its scheme, host and port are ever shown.
  const shown = `${new URL(url).protocol}//${new URL(url).host}`;
  return check("SMTP", async () => {
    const transport = createTransport(url);
    try {
      await withTimeout(transport.verify(), 10_000, shown);
    } catch (error) {
      throw new Error(`${shown} tidak menerima koneksi (${because(error)}): ${TODO.local}, ${TODO.smtp}`, { cause: error });
    } finally {
      transport.close();
    }
    return `${shown} menerima koneksi`;
  });
}

/** Emails in the outbox that keep failing (only asked when Firestore answers). */
async function checkOutbox(now: Date): Promise<CheckResult> {
  try {
    return outboxLine(await withTimeout(failingMail(firestore(), now), 10_000, "antrean email (mailOutbox)"));
  } catch (error) {
    return { name: "Antrean email", ok: false, detail: `mailOutbox tidak dapat dibaca: ${explainError(error)}` };
  }
}

export async function runDoctor(local: LocalStackUse = { kind: "configured" }, now = new Date()): Promise<CheckResult[]> {
  const results: CheckResult[] = [localStackLine(local)];
  let settings: Config;
  try {
    settings = loadConfig();
  } catch (error) {
    return [...results, { name: "Konfigurasi", ok: false, detail: explainError(error) }];
  }
  results.push({
    name: "Konfigurasi",
    ok: true,
    detail: `project ${settings.GOOGLE_CLOUD_PROJECT}; webhook secret ${settings.WEBHOOK_SECRET ? "ada" : "tidak diisi"}; mail ${settings.MAIL_TRANSPORT}`,
  });
  const store = await checkFirestore(settings);
  results.push(store);
  if (store.ok) results.push(await checkOutbox(now));
  results.push(await checkSheets(settings));
  if (settings.MAIL_TRANSPORT === "smtp") results.push(await checkSmtp(settings));
  else results.push({ name: "Gmail API", ok: true, detail: `mengirim sebagai ${settings.GMAIL_SENDER} (diperiksa saat mengirim)` });
  return results;
}
