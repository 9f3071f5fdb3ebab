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
import { canonicalMember, type FieldType, type Parsed, type TeamMember } from "./cells.js";
import { INNOVATION_HEADERS, PROGRAM_HEADERS } from "./labels.js";

export type TargetKind = "innovations" | "programs";

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

export function fieldsOf(kind: TargetKind): FieldDef[] {
  return kind === "innovations" ? INNOVATION_FIELDS : PROGRAM_FIELDS;
}

/** Values a new row gets when its cell is empty or its column is absent. */
export function creationDefaults(kind: TargetKind): Record<string, unknown> {
  return kind === "innovations" ? { stage: "drum_up", status: "aktif" } : { status: "rencana" };
}

/** Prefix of ids labinov gives new records from a sheet. */
export function idPrefix(kind: TargetKind): string {
  return kind === "innovations" ? "INO-" : "PRG-";
}

/** Date fields that must be in order within a record. */
const DATE_ORDER = [{ start: "startDate", end: "endDate" }] as const;

/**
 * Checks between the cells of one row. A start date after the end date refuses both cells with
 * one message naming both columns: neither is applied and both keep what was typed, so the
 * row stays "⚠" until someone fixes one of them.
 */
export function checkRowValues(fields: readonly FieldDef[], values: Map<string, Parsed>): void {
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
