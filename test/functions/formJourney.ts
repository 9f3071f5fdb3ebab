// The production journey two suites walk (the registered functions, and the deployed bundles):
// a form answer kept as a proposal, its outbox delivered, a reconcile writing its row.
import type { Firestore } from "firebase-admin/firestore";
import { sheets_v4 } from "@googleapis/sheets";
import { encodeDocumentEvent } from "../../local/firestoreEvents.js";
import { MAIL_OUTBOX_COLLECTION } from "../../src/forms/mailLedger.js";
import { cloudEventHeaders } from "./documentEvents.js";

/** The form trigger's body for one response (by default naming "Antrean daring puskesmas"). */
export function formSubmitBody(
  responseId: string,
  { name = "Antrean daring puskesmas", eventId = `form-${responseId}`, more = [] }: { name?: string; eventId?: string; more?: { title: string; value: string }[] } = {},
): string {
  return JSON.stringify({
    kind: "formSubmit",
    eventId,
    formId: "form-usulan",
    responseId,
    submittedAt: new Date().toISOString(),
    respondentEmail: "pengusul@gmail.com",
    respondentEmailVerified: true,
    answers: [
      { title: "Nama inovasi", value: name },
      { title: "Unit kerja", value: "Dinas Kesehatan P2KB" },
      { title: "Jenis inovasi", value: "Digital" },
      { title: "Bentuk inovasi", value: "Inovasi pelayanan publik" },
      ...more,
    ],
  });
}

/** Posts every outbox entry to mailQueued as its Firestore event; the statuses it answered. */
export async function deliverOutbox(db: Firestore, projectId: string, mailQueuedUrl: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const entry of (await db.collection(MAIL_OUTBOX_COLLECTION).get()).docs) {
    const delivered = await fetch(mailQueuedUrl, {
      method: "POST",
      headers: cloudEventHeaders(`evt-${entry.id}`, `documents/${MAIL_OUTBOX_COLLECTION}/${entry.id}`),
      body: Buffer.from(encodeDocumentEvent(projectId, MAIL_OUTBOX_COLLECTION, entry.id, null, entry.data())),
    });
    statuses.push(delivered.status);
  }
  return statuses;
}

/** For each data row of the Inovasi tab, whether it names the proposal formSubmitBody sent. */
export async function rowsNamingProposal(emulatorUrl: string, spreadsheetId: string): Promise<boolean[] | undefined> {
  const values = await new sheets_v4.Sheets({ rootUrl: `${emulatorUrl}/` }).spreadsheets.values.get({ spreadsheetId, range: "Inovasi" });
  return values.data.values?.slice(1).map((row) => row.includes("Antrean daring puskesmas"));
}
