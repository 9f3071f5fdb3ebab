// HTTP function `reconcileSheets`: Cloud Scheduler's safety net. Runs every target through
// the sync, so no change depends on a webhook or an event having arrived.
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import type { SheetSync } from "../src/ports/sheetSync.js";
import { acceptAdminRequest } from "../src/http/adminRequest.js";
import type { SchedulerAuthOptions } from "../src/http/auth.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { sendOk, sendRefusal } from "../src/http/respond.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";

/** Scheduler sends an empty or tiny body. */
export const RECONCILE_MAX_BYTES = 4 * 1024;

export interface ReconcileSheetsDeps {
  sync: SheetSync;
  schedulerAuth: SchedulerAuthOptions;
}

export function reconcileSheetsHandler(getDeps: () => ReconcileSheetsDeps): HttpFunction {
  return async (req, res) => {
    const deps = getDeps();
    const caller = await acceptAdminRequest(req, res, { functionName: "reconcileSheets", maxBytes: RECONCILE_MAX_BYTES, auth: deps.schedulerAuth });
    if (!caller) return;
    try {
      const result = await deps.sync.reconcileAll();
      log.info("reconcileSheets selesai", { caller: caller.caller, result });
      sendOk(res, { result });
    } catch (error) {
      log.error("reconcileSheets gagal", { error });
      sendRefusal(res, { status: 500, reason: "failed", message: HTTP_MESSAGES.internal });
    }
  };
}

http("reconcileSheets", reconcileSheetsHandler(productionDeps));
