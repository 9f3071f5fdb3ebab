// One cell <-> one field value, per type of field: parse what staff typed (read with
// UNFORMATTED_VALUE, so dates arrive as serial numbers) into the value Firestore keeps, and
// format a stored value back to what labinov writes (RAW: text never becomes a formula).
import { CELL_MESSAGES } from "./labels.js";

export type CellValue = string | number | boolean | null | undefined;
/** What labinov writes into a cell with valueInputOption RAW. */
export type CellOutput = string | number;

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

export interface TeamMember {
  name: string;
  nip: string | null;
  role: string;
  phone: string | null;
}

export type FieldType =
  | { type: "text" }
  | { type: "enum"; labels: Record<string, string> }
  | { type: "date"; nullable: boolean }
  | { type: "number" }
  | { type: "integer" }
  | { type: "unit" }
  | { type: "links" }
  | { type: "team" };

/** Unit id <-> unit name, for the unit column (staff see names). */
export interface UnitNames {
  nameOf(id: string): string | undefined;
  idOf(text: string): string | undefined;
}

const ok = (value: unknown): Parsed => ({ ok: true, value });
const fail = (message: string): Parsed => ({ ok: false, message });

export function normaliseLabel(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}

function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell).trim();
}

// Google Sheets counts days from 30 December 1899.
const SHEETS_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function serialToDate(serial: number): string {
  return new Date(SHEETS_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

export function dateToSerial(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - SHEETS_EPOCH_MS) / DAY_MS);
}

function validDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function parseDate(cell: CellValue, nullable: boolean): Parsed {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell) || cell < 1 || cell > 2_958_465) return fail(CELL_MESSAGES.badDate);
    return ok(serialToDate(cell));
  }
  const text = cellText(cell);
  if (text === "") return nullable ? ok(null) : fail(CELL_MESSAGES.required);
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) {
    const day = validDay(Number(match[1]), Number(match[2]), Number(match[3]));
    return day ? ok(day) : fail(CELL_MESSAGES.badDate);
  }
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) {
    const day = validDay(Number(match[3]), Number(match[2]), Number(match[1]));
    return day ? ok(day) : fail(CELL_MESSAGES.badDate);
  }
  return fail(CELL_MESSAGES.badDate);
}

/** Numbers as staff type them in Indonesia: "Rp 1.500.000", "1.500.000,50", "1500000". */
function parseNumberText(text: string): number | null {
  const bare = text.replace(/^rp\.?\s*/i, "").replace(/\s/g, "");
  if (/^-?\d+(\.\d+)?$/.test(bare) && !/^-?\d{1,3}(\.\d{3})+$/.test(bare)) return Number(bare);
  if (/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(bare)) return Number(bare.replace(/\./g, "").replace(",", "."));
  return null;
}

function parseNumber(cell: CellValue, integer: boolean): Parsed {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return fail(CELL_MESSAGES.badNumber);
    if (integer && !Number.isInteger(cell)) return fail(CELL_MESSAGES.badInteger);
    return ok(cell);
  }
  const text = cellText(cell);
  if (text === "") return ok(integer ? 0 : null);
  const value = parseNumberText(text);
  if (value === null) return fail(CELL_MESSAGES.badNumber);
  if (integer && !Number.isInteger(value)) return fail(CELL_MESSAGES.badInteger);
  return ok(value);
}

function parseEnum(cell: CellValue, labels: Record<string, string>): Parsed {
  const text = cellText(cell);
  if (text === "") return fail(CELL_MESSAGES.required);
  const wanted = normaliseLabel(text);
  for (const [key, label] of Object.entries(labels)) {
    if (normaliseLabel(label) === wanted || normaliseLabel(key) === wanted) return ok(key);
  }
  return fail(CELL_MESSAGES.notInList(Object.values(labels)));
}

function parseLinks(cell: CellValue): Parsed {
  const parts = cellText(cell)
    .split(/[\s,;]+/)
    .filter(Boolean);
  const bad = parts.find((part) => !/^https?:\/\/\S+$/i.test(part));
  if (bad !== undefined) return fail(CELL_MESSAGES.badLink(bad));
  return ok(parts);
}

const dash = (text: string | undefined): string => (text === undefined || text.trim() === "-" ? "" : text.trim());

/** "Nama (NIP, peran, telepon); Nama lain" -> members. NIP and phone stay text. */
function parseTeam(cell: CellValue): Parsed {
  const text = cellText(cell);
  if (text === "") return ok([]);
  const members: TeamMember[] = [];
  for (const entry of text.split(";").map((part) => part.trim()).filter(Boolean)) {
    const match = /^([^()]+?)\s*(?:\(([^()]*)\))?$/.exec(entry);
    if (!match) return fail(CELL_MESSAGES.badTeam);
    const [nip, role, phone, ...extra] = (match[2] ?? "").split(",");
    if (extra.length > 0) return fail(CELL_MESSAGES.badTeam);
    members.push({ name: match[1]!.trim(), nip: dash(nip) || null, role: dash(role), phone: dash(phone) || null });
  }
  return ok(members);
}

export function parseCell(field: FieldType, cell: CellValue, units: UnitNames): Parsed {
  switch (field.type) {
    case "text":
      return ok(cellText(cell));
    case "enum":
      return parseEnum(cell, field.labels);
    case "date":
      return parseDate(cell, field.nullable);
    case "number":
      return parseNumber(cell, false);
    case "integer":
      return parseNumber(cell, true);
    case "unit": {
      const text = cellText(cell);
      if (text === "") return fail(CELL_MESSAGES.required);
      const id = units.idOf(text);
      return id ? ok(id) : fail(CELL_MESSAGES.unknownUnit(text));
    }
    case "links":
      return parseLinks(cell);
    case "team":
      return parseTeam(cell);
  }
}

function formatMember(member: TeamMember): string {
  const details = [member.nip ?? "-", member.role || "-", member.phone ?? "-"];
  return details.every((detail) => detail === "-") ? member.name : `${member.name} (${details.join(", ")})`;
}

/** The cell labinov writes for a stored value (RAW). Dates become serial numbers in a date-formatted column. */
export function formatCell(field: FieldType, value: unknown, units: UnitNames): CellOutput {
  if (value === null || value === undefined) return "";
  switch (field.type) {
    case "text":
      return String(value);
    case "enum":
      return field.labels[value as string] ?? String(value);
    case "date":
      return dateToSerial(value as string);
    case "number":
    case "integer":
      return value as number;
    case "unit":
      return units.nameOf(value as string) ?? String(value);
    case "links":
      return (value as string[]).join(", ");
    case "team":
      return (value as TeamMember[]).map(formatMember).join("; ");
  }
}

/** A stored team member in the canonical shape the sheet can express. */
export function canonicalMember(member: Partial<TeamMember> & { name: string }): TeamMember {
  return { name: member.name, nip: member.nip ?? null, role: member.role ?? "", phone: member.phone ?? null };
}
