// `labinov doctor`: is the configuration valid, and does each backing service answer?
import { createTransport } from "nodemailer";
import { config as loadConfig, type Config } from "../src/config.js";
import { firestore } from "../src/store/db.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

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

async function check(name: string, run: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

export async function runDoctor(): Promise<CheckResult[]> {
  let settings: Config;
  try {
    settings = loadConfig();
  } catch (error) {
    return [{ name: "Konfigurasi", ok: false, detail: error instanceof Error ? error.message : String(error) }];
  }
  const results: CheckResult[] = [
    {
      name: "Konfigurasi",
      ok: true,
      detail: `project ${settings.GOOGLE_CLOUD_PROJECT}; webhook secret ${settings.WEBHOOK_SECRET ? "ada" : "tidak diisi"}; mail ${settings.MAIL_TRANSPORT}`,
    },
  ];

  results.push(
    await check("Firestore", async () => {
      await withTimeout(firestore().listCollections(), 10_000, "Firestore");
      return settings.FIRESTORE_EMULATOR_HOST ? `emulator di ${settings.FIRESTORE_EMULATOR_HOST}` : `project ${settings.GOOGLE_CLOUD_PROJECT}`;
    }),
  );

  results.push(
    await check("Google Sheets API", async () => {
      const root = settings.SHEETS_API_URL ?? "https://sheets.googleapis.com";
      // An unknown spreadsheet must be answered with Google's error body: proof the API is there.
      const response = await withTimeout(fetch(`${root.replace(/\/$/, "")}/v4/spreadsheets/labinov-doctor-probe`), 10_000, "Sheets API");
      const body = (await response.json().catch(() => null)) as { error?: { code?: number } } | null;
      if (!body?.error?.code) throw new Error(`${root} menjawab ${response.status} tanpa badan galat Google`);
      return `${root} menjawab (${body.error.code} untuk spreadsheet uji, sesuai harapan)`;
    }),
  );

  if (settings.MAIL_TRANSPORT === "smtp") {
    results.push(
      await check("SMTP", async () => {
        const url = settings.SMTP_URL ?? "smtp://127.0.0.1:2525";
        const transport = createTransport(url);
        try {
          await withTimeout(transport.verify(), 10_000, "SMTP");
        } finally {
          transport.close();
        }
        return `${new URL(url).host} menerima koneksi`;
      }),
    );
  } else {
    results.push({ name: "Gmail API", ok: true, detail: `mengirim sebagai ${settings.GMAIL_SENDER} (diperiksa saat mengirim)` });
  }
  return results;
}
