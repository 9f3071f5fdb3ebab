// One cell <-> one field value, per type of field: parse what staff typed (read with
// UNFORMATTED_VALUE, so dates arrive as serial numbers) into the value Firestore keeps, and
// format a stored value back to what labinov writes (RAW: text never becomes a formula).
// The reading itself is src/model/parse, shared with the form intake.
import {
  DEFAULT_LOCALE,
  VALUE_MESSAGES,
  dateToSerial,
  fail,
  isSupportedLocale,
  ok,
  parseAmount,
  parseChoice,
  parseCount,
  parseDate,
  parseLinks,
  parseNip,
  parsePhone,
  parseText,
  type Parsed,
} from "../../src/model/parse/index.js";

export { dateToSerial, normaliseLabel, serialToDate } from "../../src/model/parse/index.js";
export type { Parsed } from "../../src/model/parse/index.js";

export type CellValue = string | number | boolean | null | undefined;
/** What labinov writes into a cell with valueInputOption RAW. */
export type CellOutput = string | number;

export interface TeamMember {
  name: string;
  nip: string | null;
  role: string;
  phone: string | null;
}

export type FieldType =
  | { type: "text"; max?: number }
  /** `nullable`: an empty cell is "not chosen yet" (null) instead of a missing required value. */
  | { type: "enum"; labels: Record<string, string>; nullable?: boolean }
  | { type: "date"; nullable: boolean }
  /** An amount (Rupiah): dot thousands, comma decimals, "Rp", ",-", "juta". Never negative. */
  | { type: "number" }
  /** A count of people or things: a whole number, never negative. */
  | { type: "integer" }
  | { type: "unit" }
  /** An innovation of the sheet's units, shown by name (the "Bukti IID" tab). */
  | { type: "innovation" }
  | { type: "links" }
  | { type: "team" };

/** Unit id <-> unit name, for the unit column (staff see names). */
export interface UnitNames {
  nameOf(id: string): string | undefined;
  idOf(text: string): string | undefined;
  /** Innovation id <-> name, read only when a tab has an innovation column. */
  innovations?: { nameOf(id: string): string | undefined; idOf(text: string): string | undefined };
}

/** What the parser must know about the cell besides its value. */
export interface CellContext {
  /**
   * The cell holds a formula. Values are read UNFORMATTED, so a formula's result arrives as if
   * typed; the engine learns which cells are formulas from a FORMULA read (see `formulaCells`).
   */
  formula?: boolean;
}

function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell).trim();
}

const dash = (text: string | undefined): string => (text === undefined || text.trim() === "-" ? "" : text.trim());

/** "Nama (NIP, peran, telepon); Nama lain" -> members. NIP and phone stay text, in their 0… form. */
function parseTeam(cell: CellValue): Parsed {
  const text = cellText(cell);
  if (text === "") return ok([]);
  const members: TeamMember[] = [];
  for (const entry of text.split(";").map((part) => part.trim()).filter(Boolean)) {
    const match = /^([^()]+?)\s*(?:\(([^()]*)\))?$/.exec(entry);
    if (!match) return fail(VALUE_MESSAGES.badTeam);
    const [nipText, role, phoneText, ...extra] = (match[2] ?? "").split(",");
    if (extra.length > 0) return fail(VALUE_MESSAGES.badTeam);
    const name = match[1]!.trim();
    const nip = parseNip(dash(nipText));
    if (!nip.ok) return fail(VALUE_MESSAGES.teamMember(name, nip.message));
    const phone = parsePhone(dash(phoneText));
    if (!phone.ok) return fail(VALUE_MESSAGES.teamMember(name, phone.message));
    members.push({ name, nip: nip.value, role: dash(role), phone: phone.value });
  }
  return ok(members);
}

/**
 * A typed cell -> the value to store, in the spreadsheet's locale ("id_ID" by default). A formula
 * in a data column is refused (its result is not something a person typed, and may change by
 * itself); so is every cell of a spreadsheet whose locale the parsers do not know.
 */
export function parseCell(field: FieldType, cell: CellValue, units: UnitNames, locale: string = DEFAULT_LOCALE, context: CellContext = {}): Parsed {
  if (!isSupportedLocale(locale)) return fail(VALUE_MESSAGES.unsupportedLocale(locale));
  if (context.formula) return fail(VALUE_MESSAGES.formula);
  switch (field.type) {
    case "text":
      return parseText(cell, { max: field.max });
    case "enum":
      if (field.nullable && cellText(cell) === "") return ok(null);
      return parseChoice(cell, field.labels);
    case "date": {
      const parsed = parseDate(cell, locale);
      if (parsed.ok && parsed.value === null && !field.nullable) return fail(VALUE_MESSAGES.required);
      return parsed;
    }
    case "number":
      return parseAmount(cell, locale, { min: 0 });
    case "integer":
      return parseCount(cell, locale);
    case "unit": {
      const text = cellText(cell);
      if (text === "") return fail(VALUE_MESSAGES.required);
      const id = units.idOf(text);
      return id ? ok(id) : fail(VALUE_MESSAGES.unknownUnit(text));
    }
    case "innovation": {
      const text = cellText(cell);
      if (text === "") return fail(VALUE_MESSAGES.required);
      const id = units.innovations?.idOf(text);
      return id ? ok(id) : fail(VALUE_MESSAGES.unknownInnovation(text));
    }
    case "links":
      return parseLinks(cell);
    case "team":
      return parseTeam(cell);
  }
}

/**
 * Which cells hold formulas, from the same range read twice: UNFORMATTED_VALUE (`values`) and
 * FORMULA (`formulas`). A formula reads back as its "=..." text only with FORMULA; text that
 * starts with "=" and was written RAW reads back the same both ways, so it is not a formula.
 */
export function isFormulaCell(value: CellValue, formula: CellValue): boolean {
  return typeof formula === "string" && formula.startsWith("=") && formula !== value;
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
    case "innovation":
      return units.innovations?.nameOf(value as string) ?? String(value);
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
