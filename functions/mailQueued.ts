// CloudEvent function `mailQueued`: Eventarc delivers every write to mailOutbox/{id} (queued by
// formSubmitted). Sends the entry once through the mail ledger and marks it sent; a failed send
// throws, so Eventarc retries. Path onward: src/forms/mailLedger.ts (deliverQueuedMail).
import { cloudEvent, type CloudEvent } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import { MAIL_OUTBOX_COLLECTION, deliverQueuedMail } from "../src/forms/mailLedger.js";
import { log } from "../src/log.js";
import type { Mailer } from "../src/mail/transport.js";
import { productionDeps } from "./deps.js";
import { readDocumentEvent } from "./documentEvent.js";

export interface MailQueuedDeps {
  db: Firestore;
  mailer: Pick<Mailer, "send">;
  now?: () => Date;
}

export function mailQueuedHandler(getDeps: () => MailQueuedDeps) {
  return async (event: CloudEvent<unknown>): Promise<void> => {
    const deps = getDeps();
    const change = await readDocumentEvent("mailQueued", event, deps.db);
    if (!change) return;
    // Our own "sent" mark and deletions come back as events too: only a pending entry is work.
    if (change.collection !== MAIL_OUTBOX_COLLECTION || change.after?.status !== "pending") return;
    // The entry is read again inside: the event may be old, the document decides.
    const outcome = await deliverQueuedMail(deps.db, deps.mailer, change.id, deps.now?.());
    log.info("mailQueued", { eventId: event.id, id: change.id, outcome });
  };
}

cloudEvent("mailQueued", mailQueuedHandler(productionDeps));
