// The gate every Apps Script post passes, in order: size, signature, JSON + schema, replay.
// Whatever is refused here has touched nothing but (for accepted signatures) the replay ledger.
import type { Request } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import type { z } from "zod";
import { checkSignedRequest } from "./auth.js";
import { HTTP_MESSAGES } from "./messages.js";
import { rawBodyOf, requestSize } from "./rawBody.js";
import { claimSignature, releaseSignature } from "./replayGuard.js";
import type { Refusal } from "./respond.js";

export interface SignedRequestOptions<T> {
  db: Firestore;
  secret: string | undefined;
  schema: z.ZodType<T & { kind: string; eventId: string }>;
  maxBytes: number;
  now?: Date;
}

export type SignedRequestResult<T> =
  | { ok: true; payload: T; /** Call when handling failed so the sender's retry is accepted. */ release: () => Promise<void> }
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
  const auth = checkSignedRequest(req, body, options.secret, now.getTime());
  if (!auth.ok) return { ok: false, refusal: auth };

  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, refusal: { status: 400, reason: "not_json", message: HTTP_MESSAGES.notJson } };
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(isi)"}: ${issue.message}`);
    return { ok: false, refusal: { status: 400, reason: "bad_payload", message: HTTP_MESSAGES.badPayload, details } };
  }
  const fresh = await claimSignature(options.db, auth.signature, { eventId: parsed.data.eventId, kind: parsed.data.kind }, now);
  if (!fresh) return { ok: false, refusal: { status: 409, reason: "replayed", message: HTTP_MESSAGES.replayed } };
  return { ok: true, payload: parsed.data, release: () => releaseSignature(options.db, auth.signature) };
}
