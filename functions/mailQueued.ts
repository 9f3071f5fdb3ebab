// CloudEvent function `mailQueued`: Eventarc delivers every write to mailOutbox/{id} (queued by
// formSubmitted). Sends the entry once through the mail ledger and marks it sent; a failed send
// throws, so Eventarc retries. Path onward: src/forms/mailLedger.ts (deliverQueuedMail).
import { cloudEvent, type CloudEvent } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import { EventDecodeError, decodeDocumentEvent, type RecordChange } from "../src/events/firestoreEvent.js";
import { MAIL_OUTBOX_COLLECTION, deliverQueuedMail } from "../src/forms/mailLedger.js";
import { log } from "../src/log.js";
import type { Mailer } from "../src/mail/transport.js";
import { productionDeps } from "./deps.js";

export interface MailQueuedDeps {
  db: Firestore;
  mailer: Pick<Mailer, "send">;
  now?: () => Date;
}

export function mailQueuedHandler(getDeps: () => MailQueuedDeps) {
  return async (event: CloudEvent<unknown>): Promise<void> => {
    const deps = getDeps();
    let change: RecordChange;
    try {
      change = decodeDocumentEvent(event.data);
    } catch (error) {
      if (error instanceof EventDecodeError) {
        log.error("mailQueued: event tidak bisa dibaca", { eventId: event.id, type: event.type, subject: event.subject, error });
        return;
      }
      throw error;
    }
    // Our own "sent" mark and deletions come back as events too: only a pending entry is work.
    if (change.collection !== MAIL_OUTBOX_COLLECTION || change.after?.status !== "pending") return;
    // The entry is read again inside: the event may be old, the document decides.
    const outcome = await deliverQueuedMail(deps.db, deps.mailer, change.id, deps.now?.());
    log.info("mailQueued", { eventId: event.id, id: change.id, outcome });
  };
}

cloudEvent("mailQueued", mailQueuedHandler(productionDeps));
