// The single definition of each record. Every write to Firestore passes through these.
import { z } from "zod";
import { isValid } from "date-fns/isValid";
import { parseISO } from "date-fns/parseISO";
import { zodIssueMessage } from "./parse/messages.js";
import {
  ACTION_STATUS,
  BENTUK,
  INISIATOR,
  INNOVATION_STATUS,
  JENIS,
  MOU_AREAS,
  PROGRAM_STATUS,
  SOURCES,
  STAGES,
  TAHAPAN,
  UNIT_KINDS,
  UNIT_STATUS,
  keysOf,
} from "./vocabulary.js";

// Messages from zod reach staff (sheet status cells, form answers): say them in Bahasa Indonesia,
// the common ones as a colleague would (src/model/parse/messages.ts), the rest in zod's id locale.
z.config(z.locales.id());
z.config({ customError: zodIssueMessage });

/** A calendar date as yyyy-MM-dd (a day in WIB, no time, no zone). */
export const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "tanggal harus berformat yyyy-MM-dd")
  .refine((value) => isValid(parseISO(value)) && parseISO(value).toISOString().startsWith(value), "tanggal tidak ada di kalender");

/** NIP: 18 digits, kept as text so the leading zero survives. */
export const nip = z.string().regex(/^\d{18}$/, "NIP harus 18 angka");

/** Stored in the 0… form (mobiles 08…, landlines with area code); "+628…" of older records stays valid. */
export const phone = z.string().regex(/^(0\d{8,12}|\+628\d{7,12})$/, "nomor telepon harus diawali 0, misalnya 081234567890");

/** Longest text each field keeps; the parsers refuse longer text with its length, before zod. */
export const INNOVATION_TEXT_MAX = {
  name: 300,
  initiatorName: 200,
  urusan: 200,
  problem: 5000,
  goal: 5000,
  benefits: 5000,
  results: 5000,
  design: 20000,
  regulation: 300,
} as const;
export const PROGRAM_TEXT_MAX = { name: 300, description: 5000, place: 300, target: 1000, realisation: 1000 } as const;

const text = (max: number) => z.string().trim().max(max);
const requiredText = (max: number) => z.string().trim().min(1, "wajib diisi").max(max);

export const stageKey = z.enum(keysOf(STAGES));
export const tahapanKey = z.enum(keysOf(TAHAPAN));
export const sourceKey = z.enum(SOURCES);

/** Sync metadata carried by every record. `version` goes up by exactly one on every change. */
export const recordMeta = z.object({
  version: z.number().int().min(1),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  updatedBy: z.string().min(1),
  source: sourceKey,
});

export const unitFields = z.object({
  name: requiredText(200),
  kind: z.enum(keysOf(UNIT_KINDS)),
  parentId: z.string().nullable().default(null),
  headName: text(200).default(""),
  headEmail: z.string().email("email tidak valid").nullable().default(null),
  spreadsheetUrl: z.string().url().nullable().default(null),
  status: z.enum(keysOf(UNIT_STATUS)).default("aktif"),
  statusBeforeArchive: z.enum(keysOf(UNIT_STATUS)).nullable().default(null),
});

export const programFields = z
  .object({
    name: requiredText(PROGRAM_TEXT_MAX.name),
    area: z.enum(keysOf(MOU_AREAS)),
    unitId: z.string().min(1),
    description: text(PROGRAM_TEXT_MAX.description).default(""),
    startDate: dateString,
    endDate: dateString,
    place: text(PROGRAM_TEXT_MAX.place).default(""),
    // Empty until someone counts them: a cleared cell is "not known", not 0.
    participants: z.number().int().min(0).nullable().default(null),
    target: text(PROGRAM_TEXT_MAX.target).default(""),
    realisation: text(PROGRAM_TEXT_MAX.realisation).default(""),
    status: z.enum(keysOf(PROGRAM_STATUS)).default("rencana"),
    statusBeforeArchive: z.enum(keysOf(PROGRAM_STATUS)).nullable().default(null),
  })
  .refine((program) => program.endDate >= program.startDate, {
    message: "Tanggal Selesai tidak boleh sebelum Tanggal Mulai",
    path: ["endDate"],
  });

export const teamMember = z.object({
  name: requiredText(200),
  nip: nip.nullable().default(null),
  role: text(100).default(""),
  phone: phone.nullable().default(null),
});

export const stageHistoryEntry = z.object({
  stage: stageKey,
  start: dateString,
  finish: dateString.nullable(),
  output: text(2000),
  note: text(2000),
});

export const actionItem = z.object({
  activity: requiredText(500),
  personInCharge: text(200).default(""),
  dueDate: dateString.nullable().default(null),
  status: z.enum(keysOf(ACTION_STATUS)).default("belum"),
});

export const innovationFields = z.object({
  name: requiredText(INNOVATION_TEXT_MAX.name),
  unitId: z.string().min(1, "unit wajib diisi"),
  initiator: z.enum(keysOf(INISIATOR)),
  initiatorName: text(INNOVATION_TEXT_MAX.initiatorName).default(""),
  team: z.array(teamMember).default([]),
  stage: stageKey,
  stageHistory: z.array(stageHistoryEntry).min(1),
  tahapan: tahapanKey,
  tahapanOverride: tahapanKey.nullable().default(null),
  jenis: z.enum(keysOf(JENIS)),
  bentuk: z.enum(keysOf(BENTUK)),
  urusan: text(INNOVATION_TEXT_MAX.urusan).default(""),
  problem: text(INNOVATION_TEXT_MAX.problem).default(""),
  goal: text(INNOVATION_TEXT_MAX.goal).default(""),
  benefits: text(INNOVATION_TEXT_MAX.benefits).default(""),
  results: text(INNOVATION_TEXT_MAX.results).default(""),
  design: text(INNOVATION_TEXT_MAX.design).default(""), // "rancang bangun"
  actionPlan: z.array(actionItem).default([]),
  trialDate: dateString.nullable().default(null),
  inUseDate: dateString.nullable().default(null),
  evidenceLinks: z.array(z.string().regex(/^https?:\/\/[^/\s]+\S*$/i, "tautan bukti dukung harus diawali http:// atau https://")).default([]),
  budget: z.number().min(0).nullable().default(null),
  regulation: text(INNOVATION_TEXT_MAX.regulation).default(""), // SK / Perwali
  proposerEmail: z.string().email().nullable().default(null),
  status: z.enum(keysOf(INNOVATION_STATUS)).default("aktif"),
  statusBeforeArchive: z.enum(keysOf(INNOVATION_STATUS)).nullable().default(null),
});

export const unitRecord = unitFields.extend(recordMeta.shape).extend({ id: z.string().min(1) });
export const programRecord = programFields.and(recordMeta.extend({ id: z.string().min(1) }));
export const innovationRecord = innovationFields
  .extend(recordMeta.shape)
  .extend({ id: z.string().min(1) })
  .refine((innovation) => innovation.stageHistory.at(-1)?.stage === innovation.stage, {
    message: "tahap terakhir di riwayat harus sama dengan tahap sekarang",
    path: ["stageHistory"],
  });

export type UnitFields = z.output<typeof unitFields>;
export type ProgramFields = z.output<typeof programFields>;
export type InnovationFields = z.output<typeof innovationFields>;
export type Unit = z.output<typeof unitRecord>;
export type Program = z.output<typeof programRecord>;
export type Innovation = z.output<typeof innovationRecord>;
export type RecordMeta = z.output<typeof recordMeta>;

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface AuditEntry {
  collection: string;
  recordId: string;
  action: "create" | "update" | "archive" | "restore";
  version: number;
  at: string;
  by: string;
  source: z.output<typeof sourceKey>;
  changes: FieldChange[];
  note: string;
}
