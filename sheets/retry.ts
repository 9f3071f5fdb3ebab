// Retries with exponential backoff and full jitter for every Google API call, POST included:
// labinov's writes go to explicit ranges (never append), so repeating one is harmless.
// googleapis' own retry is switched off in sheets/client.ts so that this is the one policy.
import { httpStatusOf } from "../src/google/apiError.js";

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to log or count. */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

// ERR_STREAM_PREMATURE_CLOSE: node-fetch's error for a connection lost while the body streams.
const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET", "ERR_STREAM_PREMATURE_CLOSE"]);

/** 429, 5xx, time-outs and dropped connections are worth another try; 4xx are not. */
export function isRetryable(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 429 || status === 408 || status >= 500;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
  // A client time-out aborts the request (gaxios: AbortError / TimeoutError); the server may have
  // applied it, which every labinov write tolerates (explicit ranges, verified placement).
  const name = error instanceof Error ? error.name : "";
  const cause = (error as { cause?: { name?: unknown } } | null)?.cause?.name;
  if (name === "AbortError" || name === "TimeoutError" || cause === "AbortError" || cause === "TimeoutError") return true;
  const message = error instanceof Error ? error.message : "";
  return /socket hang up|timeout|timed out|aborted|network|ECONNRESET|other side closed/i.test(message);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 32_000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      // Full jitter: a random wait up to the exponential cap spreads out clients that failed together.
      const waitMs = Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
      options.onRetry?.(error, attempt, waitMs);
      await sleep(waitMs);
    }
  }
}
