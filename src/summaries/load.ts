// Reads what a summary needs from Firestore in a handful of queries (no per-unit reads),
// and keeps the MoU term, which a renewal changes, as a stored setting.
import type { Firestore } from "firebase-admin/firestore";
import { IID_EVIDENCE_COLLECTION, type IidEvidence } from "../iid/evidence.js";
import { IndicatorSetError, loadIndicators, type IndicatorSet } from "../iid/indicators.js";
import { log } from "../log.js";
import { dateString, type AuditEntry, type Innovation, type Program, type Unit } from "../model/schemas.js";
import { COLLECTIONS } from "../store/db.js";
import { ValidationError } from "../store/errors.js";
import type { MouTerm, SummaryData } from "./facts.js";
import type { Period } from "./period.js";
import { recordsAt } from "./rewind.js";

/** The MoU with LAN RI as signed: 3 April 2018, five years. A renewal is entered with `labinov summary mou`. */
export const ORIGINAL_MOU: MouTerm = { signed: "2018-04-03", ends: "2023-04-03" };
export const MOU_SETTING = { collection: "settings", id: "mou" } as const;

export async function loadMouTerm(db: Firestore): Promise<MouTerm> {
  const snapshot = await db.collection(MOU_SETTING.collection).doc(MOU_SETTING.id).get();
  const stored = snapshot.data() as Partial<MouTerm> | undefined;
  return stored?.signed && stored.ends ? { signed: stored.signed, ends: stored.ends } : ORIGINAL_MOU;
}

/** Records a (renewed) MoU term; refuses dates that are not real or an end before the start. */
export async function saveMouTerm(db: Firestore, term: MouTerm, by: string, now = new Date()): Promise<MouTerm> {
  const problems = (["signed", "ends"] as const).flatMap((field) => {
    const parsed = dateString.safeParse(term[field]);
    return parsed.success ? [] : [{ field, message: parsed.error.issues[0]?.message ?? "tanggal tidak sah" }];
  });
  if (problems.length === 0 && term.ends <= term.signed) problems.push({ field: "ends", message: "tanggal berakhir harus sesudah tanggal tanda tangan" });
  if (problems.length > 0) throw new ValidationError(problems);
  await db.collection(MOU_SETTING.collection).doc(MOU_SETTING.id).set({ ...term, updatedAt: now.toISOString(), updatedBy: by });
  return term;
}

/**
 * What a period's summary is built from, as it stood when the period ended: changes made since
 * (a stage moved today, an innovation archived yesterday) are undone from the audit log, so a
 * past week previews or resends as it was, not as things are now.
 */
export async function loadSummaryData(db: Firestore, period: Period): Promise<SummaryData> {
  // One range on one field: served by Firestore's automatic single-field index.
  const auditQuery = db.collection(COLLECTIONS.audit).where("at", ">=", period.startsAt.toISOString());
  const [units, innovations, programs, audit, mou, evidence, indicators] = await Promise.all([
    db.collection(COLLECTIONS.units).get(),
    db.collection(COLLECTIONS.innovations).get(),
    db.collection(COLLECTIONS.programs).get(),
    auditQuery.get(),
    loadMouTerm(db),
    db.collection(IID_EVIDENCE_COLLECTION).get(),
    indicatorsOrNone(db, Number(period.asOf.slice(0, 4))),
  ]);
  const auditSince = audit.docs.map((doc) => doc.data() as AuditEntry);
  const endsBefore = period.endsBefore.toISOString();
  const at = <R extends { id: string }>(records: R[], collection: string) => recordsAt(records, collection, auditSince, period.endsBefore);
  return {
    units: at(units.docs.map((doc) => doc.data() as Unit), COLLECTIONS.units),
    innovations: at(innovations.docs.map((doc) => doc.data() as Innovation), COLLECTIONS.innovations),
    programs: at(programs.docs.map((doc) => doc.data() as Program), COLLECTIONS.programs),
    periodAudit: auditSince.filter((entry) => entry.collection === COLLECTIONS.innovations && entry.at < endsBefore),
    mou,
    ...(indicators ? { iid: { indicators, evidence: at(evidence.docs.map((doc) => doc.data() as IidEvidence), IID_EVIDENCE_COLLECTION) } } : {}),
  };
}

/**
 * The year's IID indicators; a broken override in Firestore must not stop the weekly emails:
 * they go out without their IID part and the log says what to fix.
 */
async function indicatorsOrNone(db: Firestore, year: number): Promise<IndicatorSet | null> {
  try {
    return await loadIndicators(db, year);
  } catch (error) {
    if (!(error instanceof IndicatorSetError)) throw error;
    log.error("indikator IID tidak valid; ringkasan dikirim tanpa bagian IID", { year, error: error.message });
    return null;
  }
}
