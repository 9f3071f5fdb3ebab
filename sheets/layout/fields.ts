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
import { canonicalMember, type FieldType, type TeamMember } from "./cells.js";
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

const text = { type: "text" } as const;
const date = { type: "date", nullable: true } as const;

const I = INNOVATION_HEADERS;
export const INNOVATION_FIELDS: FieldDef[] = [
  field(I, "name", text),
  field(I, "unitId", { type: "unit" }),
  field(I, "stage", { type: "enum", labels: STAGES }),
  // The national tahapan is derived from the stage; typing one in the sheet overrides it.
  field(I, "tahapan", { type: "enum", labels: TAHAPAN }, { patch: (value) => ({ tahapanOverride: value }) }),
  field(I, "jenis", { type: "enum", labels: JENIS }),
  field(I, "bentuk", { type: "enum", labels: BENTUK }),
  field(I, "urusan", text),
  field(I, "initiator", { type: "enum", labels: INISIATOR }),
  field(I, "initiatorName", text),
  field(I, "team", { type: "team" }, {
    read: (record) => ((record.team as TeamMember[] | undefined) ?? []).map(canonicalMember),
  }),
  field(I, "problem", text),
  field(I, "goal", text),
  field(I, "benefits", text),
  field(I, "results", text),
  field(I, "trialDate", date),
  field(I, "inUseDate", date),
  field(I, "budget", { type: "number" }),
  field(I, "regulation", text),
  field(I, "evidenceLinks", { type: "links" }),
  field(I, "status", { type: "enum", labels: INNOVATION_STATUS }, {
    // Leaving "Diarsipkan" in the sheet restores the record; the archive memo is cleared with it.
    patch: (value) => (value === "diarsipkan" ? { status: value } : { status: value, statusBeforeArchive: null }),
  }),
];

const P = PROGRAM_HEADERS;
export const PROGRAM_FIELDS: FieldDef[] = [
  field(P, "name", text),
  field(P, "area", { type: "enum", labels: MOU_AREAS }),
  field(P, "unitId", { type: "unit" }),
  field(P, "description", text),
  field(P, "startDate", { type: "date", nullable: false }),
  field(P, "endDate", { type: "date", nullable: false }),
  field(P, "place", text),
  field(P, "participants", { type: "integer" }),
  field(P, "target", text),
  field(P, "realisation", text),
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
