// The gate every Apps Script post passes, in order: size, signature, JSON + schema, replay
// (by the payload's eventId, see replayGuard.ts; or left to the handler's transaction).
// Whatever is refused here has touched nothing but (for accepted signatures) the replay ledger.
// A post is signed with the webhook secret itself (server side and local stand-ins only) or
// with the script key of the spreadsheet or form its body names (signature.ts scriptKey).
import type { Request } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import type { z } from "zod";
import { checkSignedRequest } from "./auth.js";
import { scriptKey } from "./signature.js";
import { HTTP_MESSAGES } from "./messages.js";
import { rawBodyOf, requestSize } from "./rawBody.js";
import { claimEvent, releaseEvent, type SeenRequest } from "./replayGuard.js";
import type { Refusal } from "./respond.js";

export interface SignedRequestOptions<T> {
  db: Firestore;
  secret: string | undefined;
  schema: z.ZodType<T & { kind: string; eventId: string }>;
  maxBytes: number;
  now?: Date;
  /** The scope whose script key may sign this body, e.g. "sheet:<spreadsheetId>"; read before the signature is checked. */
  scopeOf?: (json: unknown) => string | null;
  /**
   * "handler": the event is not claimed here; the handler claims `seen` in the transaction that
   * stores what the request made, so a replay finds the first answer (formSubmitted).
   */
  claim?: "gate" | "handler";
}

export type SignedRequestResult<T> =
  | { ok: true; payload: T; seen: SeenRequest; /** Call when handling failed so the sender's retry is accepted. */ release: () => Promise<void> }
  | { ok: false; refusal: Refusal };

export async function acceptSignedRequest<T>(req: Request, options: SignedRequestOptions<T>): Promise<SignedRequestResult<T>> {
  const now = options.now ?? new Date();
  if (req.method !== "POST") {
    return { ok: false, refusal: { status: 405, reason: "method", message: HTTP_MESSAGES.methodNotAllowed } };
  }
  if (requestSize(req) > options.maxBytes) {
    return { ok: false, refusal: { status: 413, reason: "too_large", message: HTTP_MESSAGES.tooLarge(options.maxBytes) } };
  }
  const body = rawBodyOf(req);
  let json: unknown;
  let readable = true;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    readable = false;
  }
  let auth = checkSignedRequest(req, body, options.secret, now.getTime());
  const scope = readable && options.secret ? (options.scopeOf?.(json) ?? null) : null;
  if (!auth.ok && auth.reason === "mismatch" && scope) {
    const scoped = checkSignedRequest(req, body, scriptKey(options.secret!, scope), now.getTime());
    if (scoped.ok) auth = scoped;
  }
  if (!auth.ok) return { ok: false, refusal: auth };
  if (!readable) return { ok: false, refusal: { status: 400, reason: "not_json", message: HTTP_MESSAGES.notJson } };
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(isi)"}: ${issue.message}`);
    return { ok: false, refusal: { status: 400, reason: "bad_payload", message: HTTP_MESSAGES.badPayload, details } };
  }
  const seen: SeenRequest = { eventId: parsed.data.eventId, kind: parsed.data.kind, scope: options.scopeOf?.(json) ?? "" };
  if (options.claim === "handler") return { ok: true, payload: parsed.data, seen, release: async () => {} };
  const fresh = await claimEvent(options.db, seen, now);
  if (!fresh) return { ok: false, refusal: { status: 409, reason: "replayed", message: HTTP_MESSAGES.replayed } };
  return { ok: true, payload: parsed.data, seen, release: () => releaseEvent(options.db, seen) };
}

/** "<prefix>:<value>" for a non-empty string field of a JSON object, else null. */
export function scopeOfField(json: unknown, field: string, prefix: string): string | null {
  const value = json && typeof json === "object" ? (json as Record<string, unknown>)[field] : undefined;
  return typeof value === "string" && value !== "" ? `${prefix}:${value}` : null;
}
