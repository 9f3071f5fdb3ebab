// Where the sheets are: one `sheetTargets` document per tab labinov keeps in sync, with what
// it holds (innovations or programs) and which units (one OPD, several, or "all" city-wide).
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";

export const SHEET_TARGETS = "sheetTargets";

export const sheetTargetFields = z.object({
  spreadsheetId: z.string().min(1).max(200),
  tab: z.string().min(1).max(100),
  kind: z.enum(["innovations", "programs", "iidEvidence"]),
  units: z.union([z.literal("all"), z.array(z.string().min(1)).min(1)]),
  /** Set when a run had to stop for this tab (missing header or tab); cleared by `sheets init` or a healthy run. */
  pausedReason: z.string().nullable().default(null),
  /** Fingerprint of the formatting `sheets init` last applied, so a second init sends nothing. */
  layoutHash: z.string().nullable().default(null),
  /**
   * The spreadsheet's locale (File > Settings), by which typed text is read: read once by the
   * first run and kept; `sheets init` reads it again.
   */
  locale: z.string().nullable().default(null),
  /** The tab's sheetId, kept by `sheets init`: a run inserts the rows it adds, with their dropdowns, by it. */
  sheetId: z.number().int().nonnegative().nullable().default(null),
});

export type SheetTarget = z.output<typeof sheetTargetFields> & { id: string };

export function targetId(spreadsheetId: string, tab: string): string {
  return `${spreadsheetId}__${tab}`.replace(/[/\s]+/g, "_");
}

/**
 * A target id as a caller may name it: what targetId() makes, and a valid Firestore document id
 * (no "/", not "." or "..", not "__…__"), so a bad one is the caller's error, never a server one.
 */
export const targetIdSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[^/\s]+$/, 'tanpa "/" atau spasi')
  .refine((id) => id !== "." && id !== ".." && !/^__.*__$/.test(id), "bukan id dokumen yang sah");

export class SheetTargetStore {
  constructor(readonly db: Firestore) {}

  private get collection() {
    return this.db.collection(SHEET_TARGETS);
  }

  /** Adds a target (id derived from spreadsheet and tab, so adding it twice keeps one). */
  async add(fields: z.input<typeof sheetTargetFields>): Promise<SheetTarget> {
    const parsed = sheetTargetFields.parse(fields);
    const id = targetId(parsed.spreadsheetId, parsed.tab);
    const ref = this.collection.doc(id);
    return this.db.runTransaction(async (transaction) => {
      const existing = await transaction.get(ref);
      if (existing.exists) return { ...(existing.data() as z.output<typeof sheetTargetFields>), id };
      transaction.set(ref, parsed);
      return { ...parsed, id };
    });
  }

  async get(id: string): Promise<SheetTarget | null> {
    const snapshot = await this.collection.doc(id).get();
    return snapshot.exists ? { ...(snapshot.data() as z.output<typeof sheetTargetFields>), id } : null;
  }

  async list(): Promise<SheetTarget[]> {
    const snapshot = await this.collection.get();
    return snapshot.docs.map((doc) => ({ ...(doc.data() as z.output<typeof sheetTargetFields>), id: doc.id }));
  }

  async listBySpreadsheet(spreadsheetId: string): Promise<SheetTarget[]> {
    const snapshot = await this.collection.where("spreadsheetId", "==", spreadsheetId).get();
    return snapshot.docs
      .map((doc) => ({ ...(doc.data() as z.output<typeof sheetTargetFields>), id: doc.id }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async setPaused(id: string, reason: string | null): Promise<void> {
    await this.collection.doc(id).update({ pausedReason: reason });
  }

  async setLocale(id: string, locale: string): Promise<void> {
    await this.collection.doc(id).update({ locale });
  }

  async setLayoutHash(id: string, layoutHash: string, sheetId?: number): Promise<void> {
    await this.collection.doc(id).update({ layoutHash, pausedReason: null, ...(sheetId === undefined ? {} : { sheetId }) });
  }
}

/** Spreadsheets to sync when a record of this unit changes: its OPD's and the city-wide ones. */
export async function targetsForRecord(db: Firestore, unitId: string): Promise<string[]> {
  const collection = db.collection(SHEET_TARGETS);
  const [own, cityWide] = await Promise.all([
    collection.where("units", "array-contains", unitId).get(),
    collection.where("units", "==", "all").get(),
  ]);
  const ids = new Set<string>();
  for (const doc of [...own.docs, ...cityWide.docs]) ids.add(doc.get("spreadsheetId") as string);
  return [...ids].sort();
}
