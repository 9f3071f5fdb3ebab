// The edit journal: what staff typed, as the Apps Script saw it at the moment of the edit (the
// row's ID, the column's header, the new value), stored durably when the notice arrives. A run
// writes cells by record ID and checks them right before writing, but a cell staff type in the
// last instant before the write lands is overwritten all the same (Sheets has no
// compare-and-set). The journal keeps that edit: a later run finds the cell showing the record's
// older value instead of what staff typed, and applies the typed value as the sheet edit it was.
import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { parseCell, type CellValue, type UnitNames } from "../layout/cells.js";
import { resolveLayout, type Layout } from "../layout/columns.js";
import type { TargetKind } from "../layout/fields.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { fieldHash, refusedHash, valueHash } from "./hash.js";
import type { StoredRecord } from "./plan.js";
import type { BaseState } from "./base.js";
import type { ParsedRow } from "./rows.js";

export const EDIT_JOURNAL = "sheetEditJournal";
const AUDIT = COLLECTIONS.audit;

/** One edited cell as the script saw it. */
export interface JournalCell {
  /** The row's ID cell at the time of the edit; "" for a row that has none yet. */
  rowId: string;
  /** The column's header text at the time of the edit. */
  header: string;
  /** The new value as the sheet holds it (numbers as numbers, dates as serial numbers). */
  value: CellValue;
}

export interface JournalNotice {
  eventId: string;
  spreadsheetId: string;
  sheetName: string;
  /** When staff made the edit (Apps Script's clock, which is Google's). */
  editedAt: string;
  cells: JournalCell[];
}

interface JournalEntry extends JournalNotice {
  id: string;
}

/** Stores a notice's cells; safe to run twice (one document per event). */
export async function recordSheetEdits(db: Firestore, notice: JournalNotice): Promise<void> {
  const cells = notice.cells.filter((cell) => cell.rowId.trim() !== "");
  if (cells.length === 0) return;
  await db
    .collection(EDIT_JOURNAL)
    .doc(notice.eventId)
    .set({ ...notice, cells, consumed: false, receivedAt: FieldValue.serverTimestamp() });
}

/** The entries a run has not yet taken into account, oldest edit first. */
export async function readJournal(db: Firestore, spreadsheetId: string): Promise<JournalEntry[]> {
  const snapshot = await db.collection(EDIT_JOURNAL).where("spreadsheetId", "==", spreadsheetId).where("consumed", "==", false).get();
  return snapshot.docs
    .map((doc) => ({ ...(doc.data() as JournalNotice), id: doc.id }))
    .sort((a, b) => (a.editedAt < b.editedAt ? -1 : a.editedAt > b.editedAt ? 1 : 0));
}

/** After a completed run: those entries are reflected in the sheet or in the records. */
export async function consumeJournal(db: Firestore, ids: string[]): Promise<number> {
  for (let start = 0; start < ids.length; start += 400) {
    const batch = db.batch();
    for (const id of ids.slice(start, start + 400)) batch.update(db.collection(EDIT_JOURNAL).doc(id), { consumed: true });
    await batch.commit();
  }
  return ids.length;
}

/** A staff value the sheet no longer shows: applied to its row as if the sheet still held it. */
export interface LostEdit {
  rowNumber: number;
  rowId: string;
  field: string;
  value: CellValue;
  editedAt: string;
}

/** The newest journalled value of each (row ID, field) of one tab. */
export function latestEdits(entries: JournalEntry[], tab: string, kind: TargetKind): Map<string, { field: string; rowId: string; value: CellValue; editedAt: string }> {
  const latest = new Map<string, { field: string; rowId: string; value: CellValue; editedAt: string }>();
  const fieldByHeader = new Map<string, string | null>();
  for (const entry of entries) {
    if (entry.sheetName !== tab) continue;
    for (const cell of entry.cells) {
      if (!fieldByHeader.has(cell.header)) fieldByHeader.set(cell.header, resolveLayout(kind, [cell.header]).fields[0]?.def.key ?? null);
      const field = fieldByHeader.get(cell.header);
      if (!field) continue;
      latest.set(`${cell.rowId}\u0000${field}`, { field, rowId: cell.rowId, value: cell.value, editedAt: entry.editedAt });
    }
  }
  return latest;
}

/**
 * Journalled edits the sheet may have lost: the cell shows what a run wrote (the value both
 * sides last agreed on, or the record's) instead of what staff typed. A cell staff changed since
 * is theirs and merged as usual. Whether the edit ever reached the record is for `unapplied`.
 */
export function lostEdits(
  layout: Layout,
  rows: ParsedRow[],
  latest: ReturnType<typeof latestEdits>,
  records: Map<string, StoredRecord>,
  base: BaseState,
  units: UnitNames,
): LostEdit[] {
  const lost: LostEdit[] = [];
  const rowById = new Map(rows.filter((row) => row.id !== "").map((row) => [row.id, row]));
  for (const edit of latest.values()) {
    const row = rowById.get(edit.rowId);
    const record = records.get(edit.rowId);
    const def = layout.fields.find((field) => field.def.key === edit.field)?.def;
    if (!row || !record || !def) continue;
    const parsed = parseCell(def.cell, edit.value, units);
    const editHash = parsed.ok ? fieldHash(parsed.value) : refusedHash(edit.value);
    const recordHash = fieldHash(def.read(record));
    const cellHash = row.hashes.get(def.key);
    const written = cellHash === recordHash || cellHash === base.hashOf(row.id, def.key);
    if (written && editHash !== cellHash && editHash !== recordHash) lost.push({ rowNumber: row.rowNumber, rowId: row.id, field: def.key, value: edit.value, editedAt: edit.editedAt });
  }
  return lost;
}

/** How far before a journalled edit an audit entry may claim to carry it (writers' clocks). */
const AUDIT_MARGIN_MS = 60_000;

/**
 * The lost edits that never reached their record: a later run that merged the edit and a newer
 * record change since then (the journal entry arrived after that run read the journal) is no
 * loss. The record's audit tells: an entry since the edit that set the field to the typed value.
 */
export async function unapplied(db: Firestore, kind: TargetKind, layout: Layout, candidates: LostEdit[], units: UnitNames): Promise<LostEdit[]> {
  const kept: LostEdit[] = [];
  for (const edit of candidates) {
    const def = layout.fields.find((field) => field.def.key === edit.field)!.def;
    const parsed = parseCell(def.cell, edit.value, units);
    if (!parsed.ok) continue; // a bad value is shown as a problem once typed again, never applied
    const patch = def.patch(parsed.value);
    const since = new Date(Date.parse(edit.editedAt) - AUDIT_MARGIN_MS).toISOString();
    const audit = await db.collection(AUDIT).where("collection", "==", kind).where("recordId", "==", edit.rowId).get();
    const reached = audit.docs.some(
      (doc) =>
        String(doc.get("at")) >= since &&
        (doc.get("changes") as { field: string; new: unknown }[]).some((change) => change.field in patch && valueHash(change.new) === valueHash(patch[change.field])),
    );
    if (!reached) kept.push(edit);
  }
  return kept;
}

/** The row as it would read with the lost value back in its cell. */
export function withLostEdit(row: ParsedRow, layout: Layout, edit: LostEdit, units: UnitNames): void {
  const def = layout.fields.find((field) => field.def.key === edit.field)!.def;
  const parsed = parseCell(def.cell, edit.value, units);
  row.values.set(def.key, parsed);
  row.hashes.set(def.key, parsed.ok ? fieldHash(parsed.value) : refusedHash(edit.value));
  if (edit.value === null || edit.value === "") row.blank.add(def.key);
  else row.blank.delete(def.key);
}
