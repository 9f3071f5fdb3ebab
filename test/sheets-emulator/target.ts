// Where the emulator's fidelity tests run: the local emulator by default, or real Google
// Sheets when SHEETS_LIVE_CREDENTIALS names a service-account key file (parity mode).
import { readFileSync } from "node:fs";
import { auth as googleAuth, sheets_v4 } from "@googleapis/sheets";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

/** Google's two API hosts, as clients we did not write hard-code them. */
export const GOOGLE_HOSTS = ["https://sheets.googleapis.com", "https://www.googleapis.com"] as const;

const SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file"];

export interface SheetsTarget {
  kind: "emulator" | "google";
  /** The local emulator, only in emulator mode (for its counters, faults, pages). */
  emulator?: SheetsEmulator;
  /** The official client pointed at the target. */
  sheets: sheets_v4.Sheets;
  /**
   * Auth in the shapes clients accept: `{ getRequestHeaders }` (google-auth-library, used by
   * google-spreadsheet) or a bearer `token` for the emulator, which accepts any.
   */
  auth: { getRequestHeaders: () => Promise<Headers> } | { token: string };
  /**
   * Sends a client's requests for Google's hosts to the target: in emulator mode the global
   * fetch is wrapped to rewrite those two origins, elsewhere nothing changes. Returns the undo.
   */
  redirectGoogleHosts(): () => void;
  /**
   * A spreadsheet to work in. In live mode SHEETS_LIVE_SPREADSHEET_ID is used when set (share
   * it with the service account as editor), else one is created and deleted by `stop`.
   */
  spreadsheet(title: string): Promise<string>;
  /** Deletes what the target created and stops the emulator. */
  stop(): Promise<void>;
}

export function liveCredentials(env: NodeJS.ProcessEnv = process.env): { keyFile: string; spreadsheetId?: string } | undefined {
  const keyFile = env.SHEETS_LIVE_CREDENTIALS;
  if (!keyFile) return undefined;
  // Read now so a wrong path fails at start, naming the variable, not in the first test.
  try {
    const key = JSON.parse(readFileSync(keyFile, "utf8")) as { type?: string; client_email?: string };
    if (key.type !== "service_account" || !key.client_email) throw new Error("not a service-account key (type must be service_account)");
  } catch (err) {
    throw new Error(`SHEETS_LIVE_CREDENTIALS="${keyFile}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { keyFile, spreadsheetId: env.SHEETS_LIVE_SPREADSHEET_ID || undefined };
}

export async function sheetsTarget(): Promise<SheetsTarget> {
  const live = liveCredentials();
  return live ? googleTarget(live) : emulatorTarget();
}

async function emulatorTarget(): Promise<SheetsTarget> {
  const emulator = await startSheetsEmulator();
  const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "emulator" });
  return {
    kind: "emulator",
    emulator,
    sheets,
    auth: { token: "emulator" },
    redirectGoogleHosts() {
      const original = globalThis.fetch;
      globalThis.fetch = (input, init) => {
        const request = new Request(input, init);
        const host = GOOGLE_HOSTS.find((h) => request.url.startsWith(`${h}/`));
        if (!host) return original(request);
        // Same method, headers and body; only the origin changes.
        return original(new Request(emulator.url + request.url.slice(host.length), request));
      };
      return () => {
        globalThis.fetch = original;
      };
    },
    async spreadsheet(title) {
      const created = await sheets.spreadsheets.create({ requestBody: { properties: { title } } });
      return created.data.spreadsheetId!;
    },
    stop: () => emulator.stop(),
  };
}

async function googleTarget(live: { keyFile: string; spreadsheetId?: string }): Promise<SheetsTarget> {
  const auth = new googleAuth.GoogleAuth({ keyFile: live.keyFile, scopes: SCOPES });
  const client = await auth.getClient();
  const sheets = new sheets_v4.Sheets({ auth });
  const created: string[] = [];
  return {
    kind: "google",
    sheets,
    auth: { getRequestHeaders: () => client.getRequestHeaders() },
    redirectGoogleHosts: () => () => undefined,
    async spreadsheet(title) {
      if (live.spreadsheetId) return live.spreadsheetId;
      const made = await sheets.spreadsheets.create({ requestBody: { properties: { title } } });
      created.push(made.data.spreadsheetId!);
      return made.data.spreadsheetId!;
    },
    async stop() {
      // drive.file lets the service account delete what it created, and nothing else.
      const token = (await client.getAccessToken()).token;
      for (const id of created) {
        await fetch(`https://www.googleapis.com/drive/v3/files/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
      }
    },
  };
}
