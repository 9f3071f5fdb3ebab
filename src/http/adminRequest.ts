// The gate of every function called by Cloud Scheduler or an administrator: POST only, a small
// body, then who is calling. On a refusal it answers the request itself and returns null.
import type { Request, Response } from "@google-cloud/functions-framework";
import { log } from "../log.js";
import { checkSchedulerCaller, type SchedulerAuthOptions } from "./auth.js";
import { HTTP_MESSAGES } from "./messages.js";
import { requestSize } from "./rawBody.js";
import { sendRefusal } from "./respond.js";

export async function acceptAdminRequest(
  req: Request,
  res: Response,
  options: { functionName: string; maxBytes: number; auth: SchedulerAuthOptions },
): Promise<{ caller: string } | null> {
  // Scheduler and the CLI post; a GET (a crawler, a browser tab left open) must start nothing.
  if (req.method !== "POST") {
    res.set("allow", "POST");
    sendRefusal(res, { status: 405, reason: "method_not_allowed", message: HTTP_MESSAGES.methodNotAllowed });
    return null;
  }
  if (requestSize(req) > options.maxBytes) {
    sendRefusal(res, { status: 413, reason: "too_large", message: HTTP_MESSAGES.tooLarge(options.maxBytes) });
    return null;
  }
  const caller = await checkSchedulerCaller(req, options.auth);
  if (!caller.ok) {
    log.warn(`${options.functionName}: pemanggil ditolak`, { reason: caller.reason, status: caller.status });
    sendRefusal(res, caller);
    return null;
  }
  return { caller: caller.caller };
}
