// Request signing shared by labinov's Apps Script and the functions that receive its posts:
// HMAC-SHA256 over "<timestamp>.<body>", hex, in two headers.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-labinov-signature";
export const TIMESTAMP_HEADER = "x-labinov-timestamp";
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

export function signBody(secret: string, timestampMs: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}.${body}`).digest("hex");
}

/**
 * The key one spreadsheet's or form's script holds: derived from the webhook secret and the
 * scope ("sheet:<spreadsheetId>" or "form:<formId>"), so a key read from one script's
 * properties signs notices for that spreadsheet or form only. deploy/script-key.mjs prints it.
 */
export function scriptKey(secret: string, scope: string): string {
  return createHmac("sha256", secret).update(`labinov-script-key\n${scope}`).digest("hex");
}

export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: signBody(secret, now, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

export function verifySignature(
  secret: string,
  body: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  now = Date.now(),
): SignatureCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: "missing" };
  if (!/^\d{10,16}$/.test(timestampHeader) || !/^[0-9a-f]{64}$/.test(signatureHeader)) return { ok: false, reason: "malformed" };
  const timestamp = Number(timestampHeader);
  if (Math.abs(now - timestamp) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signBody(secret, timestamp, body), "hex");
  const given = Buffer.from(signatureHeader, "hex");
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: "mismatch" };
}
