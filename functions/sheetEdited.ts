// HTTP function `sheetEdited`: labinov's Apps Script posts here (signed) after staff edit a
// synced spreadsheet; the touched spreadsheet is synced at once. Path onward:
// src/http/signedRequest.ts (gate) -> SheetSync.syncSpreadsheet (sheets/sync via engineSync).
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import type { SheetSync } from "../src/events/sheetSync.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { sendOk, sendRefusal } from "../src/http/respond.js";
import { sheetEditPayload } from "../src/http/sheetEditPayload.js";
import { acceptSignedRequest } from "../src/http/signedRequest.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";

/** An edit notice is a few hundred bytes; anything near this limit is not from our script. */
export const SHEET_EDIT_MAX_BYTES = 16 * 1024;

export interface SheetEditedDeps {
  db: Firestore;
  sync: SheetSync;
  webhookSecret: string | undefined;
  now?: () => Date;
}

export function sheetEditedHandler(getDeps: () => SheetEditedDeps): HttpFunction {
  return async (req, res) => {
    const deps = getDeps();
    const accepted = await acceptSignedRequest(req, {
      db: deps.db,
      secret: deps.webhookSecret,
      schema: sheetEditPayload,
      maxBytes: SHEET_EDIT_MAX_BYTES,
      now: deps.now?.(),
    });
    if (!accepted.ok) {
      log.warn("sheetEdited: permintaan ditolak", { reason: accepted.refusal.reason, status: accepted.refusal.status });
      sendRefusal(res, accepted.refusal);
      return;
    }
    const edit = accepted.payload;
    try {
      if (!(await deps.sync.isTarget(edit.spreadsheetId))) {
        log.warn("sheetEdited: spreadsheet tidak terdaftar", { spreadsheetId: edit.spreadsheetId });
        sendRefusal(res, { status: 404, reason: "unknown_spreadsheet", message: HTTP_MESSAGES.unknownSpreadsheet });
        return;
      }
      const result = await deps.sync.syncSpreadsheet(edit.spreadsheetId);
      log.info("sheetEdited: sinkron selesai", { spreadsheetId: edit.spreadsheetId, eventId: edit.eventId, range: edit.range, result });
      sendOk(res, { spreadsheetId: edit.spreadsheetId, result });
    } catch (error) {
      // Kept for a retry: free the signature so the script's resend is accepted; reconcile also covers it.
      await accepted.release();
      log.error("sheetEdited: sinkron gagal", { spreadsheetId: edit.spreadsheetId, eventId: edit.eventId, error });
      sendRefusal(res, { status: 500, reason: "sync_failed", message: HTTP_MESSAGES.internal });
    }
  };
}

http("sheetEdited", sheetEditedHandler(productionDeps));
