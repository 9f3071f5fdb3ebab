// The exact bytes a request carried: the signature is over these, never over a re-serialised body.
import type { Request } from "@google-cloud/functions-framework";

/** functions-framework keeps `rawBody`; a plain http server (the local stack) may pass a string or Buffer body. */
export function rawBodyOf(req: Request): Buffer {
  if (req.rawBody) return req.rawBody;
  if (Buffer.isBuffer(req.body)) return req.body;
  if (typeof req.body === "string") return Buffer.from(req.body, "utf8");
  return Buffer.alloc(0);
}

/** Bytes announced or carried, whichever is larger: a lying Content-Length does not slip through. */
export function requestSize(req: Request): number {
  const announced = Number(req.headers["content-length"] ?? 0);
  return Math.max(Number.isFinite(announced) ? announced : 0, rawBodyOf(req).length);
}
