// The record fields a sheet shows, per kind of target: type of cell, header and aliases,
// how the value is read from a record and how a sheet value becomes a patch for the store.
import {
  BENTUK,
  INISIATOR,
  INNOVATION_STATUS,
  JENIS,
  MOU_AREAS,
  PROGRAM_STATUS,
  STAGES,
  TAHAPAN,
} from "../../src/model/vocabulary.js";
import { VALUE_MESSAGES, fail, showDate } from "../../src/model/parse/index.js";
import { INNOVATION_TEXT_MAX, PROGRAM_TEXT_MAX } from "../../src/model/schemas.js";
import { EVIDENCE_STATUS, EVIDENCE_TEXT_MAX } from "../../src/iid/evidence.js";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { DOCUMENT_TYPES } from "../../src/iid/vocabulary.js";
import { canonicalMember, type FieldType, type Parsed, type TeamMember } from "./cells.js";
import { IID_EVIDENCE_HEADERS, INNOVATION_HEADERS, PROGRAM_HEADERS } from "./labels.js";

export type TargetKind = "innovations" | "programs" | "iidEvidence";

export interface FieldDef {
  key: string;
  header: string;
  aliases: string[];
  cell: FieldType;
  /** The value as the sheet shows it, from a stored record. */
  read(record: Record<string, unknown>): unknown;
  /** The store patch for a value typed in the sheet. */
  patch(value: unknown): Record<string, unknown>;
}

function field(headers: Record<string, { header: string; aliases: string[] }>, key: string, cell: FieldType, options: Partial<FieldDef> = {}): FieldDef {
  const names = headers[key];
  if (!names) throw new Error(`no header for field ${key}`);
  const empty = cell.type === "text" ? "" : cell.type === "links" || cell.type === "team" ? [] : null;
  return {
    key,
    header: names.header,
    aliases: names.aliases,
    cell,
    read: (record) => record[key] ?? empty,
    patch: (value) => ({ [key]: value }),
    ...options,
  };
}

// Lengths as src/model/schemas.ts keeps them, so a long text is refused with its length here.
const text = (max: number) => ({ type: "text", max }) as const;
const date = { type: "date", nullable: true } as const;

const I = INNOVATION_HEADERS;
export const INNOVATION_FIELDS: FieldDef[] = [
  field(I, "name", text(INNOVATION_TEXT_MAX.name)),
  field(I, "unitId", { type: "unit" }),
  field(I, "stage", { type: "enum", labels: STAGES }),
  // The national tahapan is derived from the stage; typing one in the sheet overrides it.
  field(I, "tahapan", { type: "enum", labels: TAHAPAN }, { patch: (value) => ({ tahapanOverride: value }) }),
  field(I, "jenis", { type: "enum", labels: JENIS }),
  field(I, "bentuk", { type: "enum", labels: BENTUK }),
  field(I, "urusan", text(INNOVATION_TEXT_MAX.urusan)),
  field(I, "initiator", { type: "enum", labels: INISIATOR }),
  field(I, "initiatorName", text(INNOVATION_TEXT_MAX.initiatorName)),
  field(I, "team", { type: "team" }, {
    read: (record) => ((record.team as TeamMember[] | undefined) ?? []).map(canonicalMember),
  }),
  field(I, "problem", text(INNOVATION_TEXT_MAX.problem)),
  field(I, "goal", text(INNOVATION_TEXT_MAX.goal)),
  field(I, "benefits", text(INNOVATION_TEXT_MAX.benefits)),
  field(I, "results", text(INNOVATION_TEXT_MAX.results)),
  field(I, "trialDate", date),
  field(I, "inUseDate", date),
  field(I, "budget", { type: "number" }),
  field(I, "regulation", text(INNOVATION_TEXT_MAX.regulation)),
  field(I, "evidenceLinks", { type: "links" }),
  field(I, "status", { type: "enum", labels: INNOVATION_STATUS }, {
    // Leaving "Diarsipkan" in the sheet restores the record; the archive memo is cleared with it.
    patch: (value) => (value === "diarsipkan" ? { status: value } : { status: value, statusBeforeArchive: null }),
  }),
];

const P = PROGRAM_HEADERS;
export const PROGRAM_FIELDS: FieldDef[] = [
  field(P, "name", text(PROGRAM_TEXT_MAX.name)),
  field(P, "area", { type: "enum", labels: MOU_AREAS }),
  field(P, "unitId", { type: "unit" }),
  field(P, "description", text(PROGRAM_TEXT_MAX.description)),
  field(P, "startDate", { type: "date", nullable: false }),
  field(P, "endDate", { type: "date", nullable: false }),
  field(P, "place", text(PROGRAM_TEXT_MAX.place)),
  field(P, "participants", { type: "integer" }),
  field(P, "target", text(PROGRAM_TEXT_MAX.target)),
  field(P, "realisation", text(PROGRAM_TEXT_MAX.realisation)),
  field(P, "status", { type: "enum", labels: PROGRAM_STATUS }, {
    patch: (value) => (value === "diarsipkan" ? { status: value } : { status: value, statusBeforeArchive: null }),
  }),
];

/**
 * The "Bukti IID" tab's dropdowns follow the shipped guide of the current year (src/iid/data);
 * a Firestore override of the indicators changes scoring, not these lists.
 */
const GUIDE = shippedIndicators(new Date().getUTCFullYear());
/** "16. Regulasi inovasi daerah". */
const INDICATOR_LABELS = Object.fromEntries(GUIDE.indicators.map((indicator) => [indicator.key, `${indicator.number}. ${indicator.name}`]));
/** "16.3 Peraturan Kepala Daerah / Peraturan Daerah": the indicator's number tells staff which options are its own. */
const OPTION_LABELS = Object.fromEntries(
  GUIDE.indicators.flatMap((indicator) => indicator.options.map((option) => [option.key, `${indicator.number}.${option.value} ${option.label}`])),
);

const B = IID_EVIDENCE_HEADERS;
export const IID_EVIDENCE_FIELDS: FieldDef[] = [
  field(B, "innovationId", { type: "innovation" }),
  field(B, "unitId", { type: "unit" }),
  field(B, "indicator", { type: "enum", labels: INDICATOR_LABELS }),
  field(B, "option", { type: "enum", labels: OPTION_LABELS, nullable: true }),
  // An empty cell is "no link yet" (null), as the record keeps it.
  field(B, "link", text(EVIDENCE_TEXT_MAX.link), { read: (record) => record.link ?? "", patch: (value) => ({ link: value === "" ? null : value }) }),
  field(B, "documentType", { type: "enum", labels: DOCUMENT_TYPES, nullable: true }),
  field(B, "documentDate", date),
  field(B, "note", text(EVIDENCE_TEXT_MAX.note)),
  field(B, "status", { type: "enum", labels: EVIDENCE_STATUS }, {
    patch: (value) => (value === "diarsipkan" ? { status: value } : { status: value, statusBeforeArchive: null }),
  }),
];

const FIELDS: Record<TargetKind, FieldDef[]> = { innovations: INNOVATION_FIELDS, programs: PROGRAM_FIELDS, iidEvidence: IID_EVIDENCE_FIELDS };

export function fieldsOf(kind: TargetKind): FieldDef[] {
  return FIELDS[kind];
}

/** Values a new row gets when its cell is empty or its column is absent. */
export function creationDefaults(kind: TargetKind): Record<string, unknown> {
  return kind === "innovations" ? { stage: "drum_up", status: "aktif" } : kind === "programs" ? { status: "rencana" } : { status: "aktif" };
}

/** Prefix of ids labinov gives new records from a sheet. */
export function idPrefix(kind: TargetKind): string {
  return { innovations: "INO-", programs: "PRG-", iidEvidence: "BKT-" }[kind];
}

/** On the "Bukti IID" tab, the chosen parameter must be one of the row's indicator's own. */
function checkOptionOfIndicator(fields: readonly FieldDef[], values: Map<string, Parsed>): void {
  if (!fields.some((def) => def.key === "option")) return;
  const indicatorKey = values.get("indicator");
  const option = values.get("option");
  if (!indicatorKey?.ok || !option?.ok || option.value === null) return;
  const indicator = GUIDE.indicators.find((entry) => entry.key === indicatorKey.value);
  if (!indicator || indicator.options.some((entry) => entry.key === option.value)) return;
  values.set("option", fail(VALUE_MESSAGES.optionOfOtherIndicator(OPTION_LABELS[option.value as string] ?? String(option.value), INDICATOR_LABELS[indicator.key]!, indicator.number)));
}

/** Date fields that must be in order within a record. */
const DATE_ORDER = [{ start: "startDate", end: "endDate" }] as const;

/**
 * Checks between the cells of one row. A start date after the end date refuses both cells with
 * one message naming both columns: neither is applied and both keep what was typed, so the
 * row stays "⚠" until someone fixes one of them.
 */
export function checkRowValues(fields: readonly FieldDef[], values: Map<string, Parsed>): void {
  checkOptionOfIndicator(fields, values);
  for (const { start, end } of DATE_ORDER) {
    const startDef = fields.find((def) => def.key === start);
    const endDef = fields.find((def) => def.key === end);
    const from = values.get(start);
    const to = values.get(end);
    if (!startDef || !endDef || !from?.ok || !to?.ok) continue;
    if (typeof from.value !== "string" || typeof to.value !== "string" || from.value <= to.value) continue;
    const problem = fail(VALUE_MESSAGES.dateOrder(startDef.header, showDate(from.value), endDef.header, showDate(to.value)));
    values.set(start, problem);
    values.set(end, problem);
  }
}

/** Whether `checkRowValues` can refuse anything among these fields (a tab without them skips it for every row). */
export function checksAcrossCells(fields: readonly FieldDef[]): boolean {
  return fields.some((def) => def.key === "option" || DATE_ORDER.some(({ start, end }) => def.key === start || def.key === end));
}

/** Store fields that a sheet column stands for under another name: the column's field key. */
export const COLUMN_OF_STORE_FIELD: Readonly<Record<string, string>> = {
  tahapanOverride: "tahapan",
  stageHistory: "stage",
  stageMove: "stage",
  statusBeforeArchive: "status",
};

/** The field key of the column a store field (or a path inside one, "stageHistory.0.start") is shown in. */
export function columnKeyOf(storeField: string): string {
  const root = storeField.split(".")[0] ?? storeField;
  return COLUMN_OF_STORE_FIELD[root] ?? root;
}
