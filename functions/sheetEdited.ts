// HTTP function `sheetEdited`: labinov's Apps Script posts here (signed) after staff edit a
// synced spreadsheet. It answers 202 once the request is stored in sheetSyncRequests/{id};
// the sync runs in syncRequested (Firestore trigger), so no Apps Script execution waits for it.
// Path onward: src/http/signedRequest.ts (gate) -> src/events/syncRequest.ts.
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import type { SheetSync } from "../src/ports/sheetSync.js";
import { recordSheetEdits } from "../sheets/index.js";
import { recordSyncRequest } from "../src/events/syncRequest.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { sendRefusal } from "../src/http/respond.js";
import { sheetEditPayload } from "../src/http/sheetEditPayload.js";
import { acceptSignedRequest, scopeOfField } from "../src/http/signedRequest.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";

/** A notice is a few hundred bytes, up to a few hundred KB with journalled cells (200 at most). */
export const SHEET_EDIT_MAX_BYTES = 512 * 1024;

export interface SheetEditedDeps {
  db: Firestore;
  sync: Pick<SheetSync, "isTarget">;
  webhookSecret: string | undefined;
  now?: () => Date;
}

/**
 * A spreadsheet found registered is not asked again for this long on this instance: a burst of
 * edits costs one target query, not one per notice. A target removed meanwhile costs at most a
 * request whose run finds no tab to sync; an unknown spreadsheet is asked every time.
 */
export const KNOWN_TARGET_MS = 60_000;

export function sheetEditedHandler(getDeps: () => SheetEditedDeps): HttpFunction {
  const knownUntil = new Map<string, number>();
  return async (req, res) => {
    const deps = getDeps();
    const accepted = await acceptSignedRequest(req, {
      db: deps.db,
      secret: deps.webhookSecret,
      schema: sheetEditPayload,
      maxBytes: SHEET_EDIT_MAX_BYTES,
      now: deps.now?.(),
      scopeOf: (json) => scopeOfField(json, "spreadsheetId", "sheet"),
    });
    if (!accepted.ok) {
      log.warn("sheetEdited: permintaan ditolak", { reason: accepted.refusal.reason, status: accepted.refusal.status });
      sendRefusal(res, accepted.refusal);
      return;
    }
    const edit = accepted.payload;
    const now = (deps.now?.() ?? new Date()).getTime();
    try {
      if (!((knownUntil.get(edit.spreadsheetId) ?? 0) > now)) {
        if (!(await deps.sync.isTarget(edit.spreadsheetId))) {
          log.warn("sheetEdited: spreadsheet tidak terdaftar", { spreadsheetId: edit.spreadsheetId });
          sendRefusal(res, { status: 404, reason: "unknown_spreadsheet", message: HTTP_MESSAGES.unknownSpreadsheet });
          return;
        }
        knownUntil.set(edit.spreadsheetId, now + KNOWN_TARGET_MS);
      }
      // The edited cells first: the journal keeps an edit a sync write may overwrite in the same instant.
      if (edit.cells) await recordSheetEdits(deps.db, { eventId: edit.eventId, spreadsheetId: edit.spreadsheetId, sheetName: edit.sheetName, editedAt: edit.editedAt, cells: edit.cells });
      await recordSyncRequest(deps.db, edit);
      log.info("sheetEdited: permintaan sinkron dicatat", { spreadsheetId: edit.spreadsheetId, eventId: edit.eventId, changeType: edit.changeType, range: edit.range });
      res.status(202).json({ ok: true, spreadsheetId: edit.spreadsheetId, queued: true });
    } catch (error) {
      // Not recorded: free the signature so the script's resend is accepted; reconcile also covers it.
      await accepted.release();
      log.error("sheetEdited: permintaan sinkron gagal dicatat", { spreadsheetId: edit.spreadsheetId, eventId: edit.eventId, error });
      sendRefusal(res, { status: 500, reason: "not_recorded", message: HTTP_MESSAGES.internal });
    }
  };
}

http("sheetEdited", sheetEditedHandler(productionDeps));
