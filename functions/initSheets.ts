// HTTP function `initSheets`: `sheets init` for the IT team without a local checkout. Creates
// or repairs the tab of one sync target (headers, frozen row, dropdowns, protection,
// formats) and unpauses it; running it twice changes nothing. Same callers as the reconcile.
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import { z } from "zod";
import { targetIdSchema } from "../sheets/index.js";
import type { SheetSync } from "../src/ports/sheetSync.js";
import { acceptAdminRequest } from "../src/http/adminRequest.js";
import type { SchedulerAuthOptions } from "../src/http/auth.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { sendOk, sendRefusal } from "../src/http/respond.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";

export const INIT_MAX_BYTES = 4 * 1024;

const initRequest = z.object({ targetId: targetIdSchema });

export interface InitSheetsDeps {
  sync: Pick<SheetSync, "initTarget">;
  schedulerAuth: SchedulerAuthOptions;
}

export function initSheetsHandler(getDeps: () => InitSheetsDeps): HttpFunction {
  return async (req, res) => {
    const deps = getDeps();
    const caller = await acceptAdminRequest(req, res, { functionName: "initSheets", maxBytes: INIT_MAX_BYTES, auth: deps.schedulerAuth });
    if (!caller) return;
    const parsed = initRequest.safeParse(req.body);
    if (!parsed.success) {
      sendRefusal(res, {
        status: 400,
        reason: "bad_request",
        message: 'Kirim JSON {"targetId": "<id target>"}, id seperti "<spreadsheetId>__<tab>"; lihat `labinov sheets list`.',
        details: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(isi)"}: ${issue.message}`),
      });
      return;
    }
    try {
      const result = await deps.sync.initTarget(parsed.data.targetId);
      if (result === null) {
        sendRefusal(res, { status: 404, reason: "unknown_target", message: `Target ${parsed.data.targetId} tidak terdaftar.` });
        return;
      }
      log.info("initSheets selesai", { caller: caller.caller, targetId: parsed.data.targetId, result });
      sendOk(res, { result });
    } catch (error) {
      log.error("initSheets gagal", { targetId: parsed.data.targetId, error });
      sendRefusal(res, { status: 500, reason: "failed", message: HTTP_MESSAGES.internal });
    }
  };
}

http("initSheets", initSheetsHandler(productionDeps));
