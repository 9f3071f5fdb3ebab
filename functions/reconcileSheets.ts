// HTTP function `reconcileSheets`: Cloud Scheduler's safety net. Runs every target through
// the sync, so no change depends on a webhook or an event having arrived.
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import type { SheetSync } from "../src/events/sheetSync.js";
import { checkSchedulerCaller, type SchedulerAuthOptions } from "../src/http/auth.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { requestSize } from "../src/http/rawBody.js";
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
    if (requestSize(req) > RECONCILE_MAX_BYTES) {
      sendRefusal(res, { status: 413, reason: "too_large", message: HTTP_MESSAGES.tooLarge(RECONCILE_MAX_BYTES) });
      return;
    }
    const caller = await checkSchedulerCaller(req, deps.schedulerAuth);
    if (!caller.ok) {
      log.warn("reconcileSheets: pemanggil ditolak", { reason: caller.reason, status: caller.status });
      sendRefusal(res, caller);
      return;
    }
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
