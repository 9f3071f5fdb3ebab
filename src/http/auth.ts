// Who may call our HTTP functions. Apps Script posts are signed with the shared webhook
// secret; Cloud Scheduler (or an admin script) calls the scheduled ones with an OIDC ID token
// from the configured service account, or with the ADMIN_TOKEN bearer. 401: we don't know
// who you are; 403: we know, and you may not.
import { timingSafeEqual, createHash } from "node:crypto";
import type { Request } from "@google-cloud/functions-framework";
import { OAuth2Client } from "google-auth-library";
import { HTTP_MESSAGES } from "./messages.js";
import type { Refusal } from "./respond.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "./signature.js";

export type AuthResult<T = Record<never, never>> = ({ ok: true } & T) | ({ ok: false } & Refusal);

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Checks the HMAC signature of a request body; `signature` is returned for replay detection. */
export function checkSignedRequest(
  req: Request,
  body: Buffer,
  secret: string | undefined,
  now = Date.now(),
): AuthResult<{ signature: string }> {
  if (!secret) return { ok: false, status: 503, reason: "not_configured", message: HTTP_MESSAGES.notConfigured };
  const signature = header(req, SIGNATURE_HEADER);
  const check = verifySignature(secret, body.toString("utf8"), header(req, TIMESTAMP_HEADER), signature, now);
  if (check.ok) return { ok: true, signature: signature! };
  const message = {
    missing: HTTP_MESSAGES.unsigned,
    malformed: HTTP_MESSAGES.malformedSignature,
    stale: HTTP_MESSAGES.staleSignature,
    mismatch: HTTP_MESSAGES.badSignature,
  }[check.reason];
  return { ok: false, status: 401, reason: check.reason, message };
}

export interface SchedulerAuthOptions {
  adminToken?: string;
  /** Email of the service account Cloud Scheduler's OIDC tokens are issued for. */
  schedulerServiceAccount?: string;
  /** Expected `aud`; default: the URL the request arrived at (what Scheduler uses by default). */
  audience?: string;
  /** Injected so tests can point the certificate endpoint at a local key; one per process otherwise. */
  verifier?: OAuth2Client;
}

let defaultVerifier: OAuth2Client | undefined;

function sameSecret(given: string, expected: string): boolean {
  // Hash both so lengths match and the comparison time says nothing about the token.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The URL the request came to, with and without a trailing slash (Scheduler's default audience is its target URI). */
function requestUrls(req: Request): string[] {
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl ?? req.url}`.split("?")[0]!;
  const bare = url.replace(/\/+$/, "");
  return [bare, `${bare}/`];
}

/** For functions Cloud Scheduler calls: the admin bearer token or Scheduler's Google-signed ID token. */
export async function checkSchedulerCaller(req: Request, options: SchedulerAuthOptions): Promise<AuthResult<{ caller: string }>> {
  const authorization = header(req, "authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!bearer) return { ok: false, status: 401, reason: "unauthenticated", message: HTTP_MESSAGES.unauthenticated };

  // An ID token is a JWT (three dot-separated parts); anything else can only be the admin token.
  const looksLikeJwt = bearer.split(".").length === 3;
  if (!looksLikeJwt) {
    if (options.adminToken && sameSecret(bearer, options.adminToken)) return { ok: true, caller: "admin-token" };
    return { ok: false, status: 401, reason: "bad_token", message: HTTP_MESSAGES.unauthenticated };
  }
  if (!options.schedulerServiceAccount) {
    return { ok: false, status: 401, reason: "oidc_not_configured", message: HTTP_MESSAGES.unauthenticated };
  }
  const verifier = options.verifier ?? (defaultVerifier ??= new OAuth2Client());
  const audience = options.audience ?? requestUrls(req);
  let email: string | undefined;
  let emailVerified: boolean;
  try {
    const ticket = await verifier.verifyIdToken({ idToken: bearer, audience });
    const payload = ticket.getPayload();
    email = payload?.email;
    emailVerified = payload?.email_verified === true;
  } catch {
    // Bad signature, wrong audience, expired: the token proves nothing about the caller.
    return { ok: false, status: 401, reason: "bad_id_token", message: HTTP_MESSAGES.unauthenticated };
  }
  if (!email || !emailVerified || email.toLowerCase() !== options.schedulerServiceAccount.toLowerCase()) {
    return { ok: false, status: 403, reason: "wrong_caller", message: HTTP_MESSAGES.forbidden };
  }
  return { ok: true, caller: email };
}
