// The Sheets API client: the local emulator when SHEETS_API_URL is set, else Google with
// Application Default Credentials. `callSheets` wraps every call in the retry policy and
// rewrites a failure as "Google API error - [code status] message (while ...)".
import { auth as googleAuth, sheets_v4 } from "@googleapis/sheets";
import type { Config } from "../src/config.js";
import { googleApiError } from "../src/google/apiError.js";
import { withRetry, type RetryOptions } from "./retry.js";

export { GoogleApiError } from "../src/google/apiError.js";

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

export function sheetsClient(config: Pick<Config, "SHEETS_API_URL">, options: { timeoutMs?: number } = {}): sheets_v4.Sheets {
  // retry: false turns off gaxios' retry (which skips POST); sheets/retry.ts retries every call.
  const common = { retry: false, timeout: options.timeoutMs ?? 60_000 };
  if (config.SHEETS_API_URL) {
    const rootUrl = config.SHEETS_API_URL.endsWith("/") ? config.SHEETS_API_URL : `${config.SHEETS_API_URL}/`;
    return new sheets_v4.Sheets({ rootUrl, ...common });
  }
  const auth = new googleAuth.GoogleAuth({ scopes: [SHEETS_SCOPE] });
  return new sheets_v4.Sheets({ auth, ...common });
}

/** Counts of Sheets API requests made (attempts, retries included), by method. */
export type CallCounts = Record<string, number>;

export interface SheetsCaller {
  /** `once`: no retry here, for a request that must be re-planned, not repeated, after a failure. */
  call<T>(method: string, doing: string, request: () => Promise<{ data: T }>, options?: { once?: boolean }): Promise<T>;
  counts: CallCounts;
}

export function sheetsCaller(retry: RetryOptions = {}): SheetsCaller {
  const counts: CallCounts = {};
  return {
    counts,
    async call(method, doing, request, options = {}) {
      try {
        const response = await withRetry(() => {
          counts[method] = (counts[method] ?? 0) + 1;
          return request();
        }, options.once ? { ...retry, attempts: 1 } : retry);
        return response.data;
      } catch (error) {
        throw googleApiError(error, doing);
      }
    },
  };
}
