// The sync bench's world: N innovations of one unit in Firestore and, when asked, the same rows in
// a tab (in sync, with a staff column of formulas beside labinov's), and the changes made on both
// sides between two runs. Seeding is the bench's doing: it is neither timed nor counted.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { formatCell, type CellValue, type UnitNames } from "../sheets/layout/cells.js";
import { columnLetter, quoteTab, resolveLayout } from "../sheets/layout/columns.js";
import { INNOVATION_FIELDS } from "../sheets/layout/fields.js";
import { CONTROL_HEADERS, STATUS } from "../sheets/layout/labels.js";
import { SheetTargetStore } from "../sheets/targets/store.js";
import { COLLECTIONS } from "../src/store/db.js";
import { bulkWrite } from "./bulkWrite.js";

export const TAB = "Inovasi";
const UNIT = { id: "dinkes", name: "Dinas Kesehatan P2KB" };
export const units: UnitNames = {
  nameOf: (id) => (id === UNIT.id ? UNIT.name : undefined),
  idOf: (text) => (text.trim().toLowerCase() === UNIT.name.toLowerCase() || text === UNIT.id ? UNIT.id : undefined),
};
/** A column of staff's own, after labinov's, with a formula on every row (what a whole-tab rewrite turns into values). */
export const STAFF_COLUMN = "Catatan Staf";
export const HEADERS = [CONTROL_HEADERS.id.header, ...INNOVATION_FIELDS.map((field) => field.header), CONTROL_HEADERS.status.header, STAFF_COLUMN];
export const LAYOUT = resolveLayout("innovations", HEADERS);
export const STAFF_COLUMN_INDEX = HEADERS.length - 1;
const HOUR_AGO = new Date(Date.now() - 3_600_000).toISOString();
const STAGES = ["drum_up", "diagnose", "design", "deliver"] as const;

export function recordId(index: number): string {
  return `INO-B${String(index).padStart(9, "0")}`;
}

export function seedRecord(index: number): Record<string, unknown> {
  const stage = STAGES[index % STAGES.length]!;
  return {
    id: recordId(index),
    name: `Inovasi nomor ${index}`,
    unitId: UNIT.id,
    initiator: "opd",
    initiatorName: "",
    team: index % 10 === 0 ? [{ name: `Anggota ${index}`, nip: "198001012005011001", role: "Ketua", phone: "081234567890" }] : [],
    stage,
    stageHistory: [{ stage, start: "2026-01-05", finish: null, output: "", note: "" }],
    tahapan: stage === "deliver" ? "uji_coba" : "inisiatif",
    tahapanOverride: null,
    jenis: index % 2 ? "digital" : "non_digital",
    bentuk: "pelayanan_publik",
    urusan: "kesehatan",
    problem: `Masalah ${index}`,
    goal: "",
    benefits: "",
    results: "",
    design: "",
    actionPlan: [],
    trialDate: index % 3 === 0 ? "2026-03-01" : null,
    inUseDate: null,
    evidenceLinks: [],
    budget: index % 4 === 0 ? 1_000_000 + index : null,
    regulation: "",
    proposerEmail: null,
    status: "aktif",
    statusBeforeArchive: null,
    version: 1,
    createdAt: HOUR_AGO,
    updatedAt: HOUR_AGO,
    updatedBy: "seed",
    source: "seed",
  };
}

/** A record's row as labinov writes it, with staff's formula beside it. */
export function sheetRow(record: Record<string, unknown>, rowNumber: number): (string | number)[] {
  const row: (string | number)[] = new Array(HEADERS.length).fill("");
  row[LAYOUT.idColumn] = record.id as string;
  for (const { def, column } of LAYOUT.fields) row[column] = formatCell(def.cell, def.read(record), units);
  row[LAYOUT.statusColumn] = STATUS.ok;
  row[STAFF_COLUMN_INDEX] = `=A${rowNumber}`;
  return row;
}

export interface Seeded {
  spreadsheetId: string;
  records: Record<string, unknown>[];
}

/**
 * `rows` records in Firestore; the tab holds them all (`filled`), or only its header row (a new
 * unit's spreadsheet, or a tab restored empty: the run must add every row).
 */
export async function seedWorld(db: Firestore, sheets: sheets_v4.Sheets, rows: number, filled = true): Promise<Seeded> {
  const records = Array.from({ length: rows }, (_, index) => seedRecord(index));
  await bulkWrite(db, (writer) => [
    writer.set(db.collection(COLLECTIONS.units).doc(UNIT.id), { id: UNIT.id, name: UNIT.name, kind: "opd", parentId: null, headName: "", headEmail: null, spreadsheetUrl: null, status: "aktif", statusBeforeArchive: null, version: 1, createdAt: HOUR_AGO, updatedAt: HOUR_AGO, updatedBy: "seed", source: "seed" }),
    ...records.map((record) => writer.set(db.collection(COLLECTIONS.innovations).doc(record.id as string), record)),
  ]);
  const created = await sheets.spreadsheets.create({
    requestBody: { properties: { title: `bench ${rows}`, locale: "id_ID" }, sheets: [{ properties: { title: TAB, gridProperties: { rowCount: rows + 200, columnCount: HEADERS.length } } }] },
  });
  const spreadsheetId = created.data.spreadsheetId!;
  const values = filled ? [HEADERS, ...records.map((record, index) => sheetRow(record, index + 2))] : [HEADERS];
  for (let start = 0; start < values.length; start += 10_000) {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `${quoteTab(TAB)}!A${start + 1}`,
      valueInputOption: "USER_ENTERED",
      requestBody: { values: values.slice(start, start + 10_000) },
    });
  }
  await new SheetTargetStore(db).add({ spreadsheetId, tab: TAB, kind: "innovations", units: [UNIT.id] });
  return { spreadsheetId, records };
}

export interface Workload {
  sheetEdits: number[]; // record indexes edited in the sheet (Urusan)
  firestoreEdits: number[]; // record indexes edited in Firestore (Tujuan; Urusan for conflicts)
  conflicts: number[];
}

export function workload(rows: number, share: number): Workload {
  const count = Math.max(1, Math.round(rows * share));
  const sheetEdits = Array.from({ length: count }, (_, k) => (k * 7919) % rows);
  const firestoreEdits = Array.from({ length: count }, (_, k) => (k * 104_729 + 13) % rows);
  const conflicts = sheetEdits.slice(0, Math.max(1, Math.round(count / 20)));
  return { sheetEdits: [...new Set(sheetEdits)], firestoreEdits: [...new Set(firestoreEdits)], conflicts };
}

export function fieldColumn(key: string): number {
  return LAYOUT.fields.find((field) => field.def.key === key)!.column;
}

/** Staff edits in one request (the bench's doing, not counted), Firestore edits as versioned record writes. */
export async function applyWorkload(db: Firestore, sheets: sheets_v4.Sheets, spreadsheetId: string, records: Record<string, unknown>[], work: Workload): Promise<void> {
  const urusan = columnLetter(fieldColumn("urusan"));
  await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: {
      valueInputOption: "RAW",
      data: work.sheetEdits.map((index) => ({ range: `${quoteTab(TAB)}!${urusan}${index + 2}`, values: [[`urusan dari sheet ${index}`]] })),
    },
  });
  const now = new Date().toISOString();
  const conflicts = new Set(work.conflicts);
  await bulkWrite(db, (writer) =>
    [...new Set([...work.firestoreEdits, ...work.conflicts])].map((index) => {
      const record = records[index]!;
      const patch: Record<string, unknown> = { goal: `tujuan dari sistem ${index}`, version: 2, updatedAt: now, updatedBy: "bench", source: "api" };
      if (conflicts.has(index)) patch.urusan = `urusan dari sistem ${index}`;
      return writer.update(db.collection(COLLECTIONS.innovations).doc(record.id as string), patch);
    }),
  );
}

/** The tab as a sync reads it (one request, not counted: the bench's own look). */
export async function readTab(sheets: sheets_v4.Sheets, spreadsheetId: string, render: "UNFORMATTED_VALUE" | "FORMULA" = "UNFORMATTED_VALUE"): Promise<CellValue[][]> {
  const response = await sheets.spreadsheets.values.get({ spreadsheetId, range: quoteTab(TAB), valueRenderOption: render });
  return (response.data.values as CellValue[][] | undefined) ?? [];
}
