// Finds labinov's columns in a tab by header text (with aliases), never by position, so
// staff may reorder columns and add their own. Also the A1 helpers for writing cells.
import { normaliseLabel } from "./cells.js";
import { fieldsOf, type FieldDef, type TargetKind } from "./fields.js";
import { CONTROL_HEADERS } from "./labels.js";

export interface Layout {
  kind: TargetKind;
  /** Field columns found, with their 0-based column index. */
  fields: { def: FieldDef; column: number }[];
  idColumn: number;
  statusColumn: number;
  reasonColumn: number | null;
  /** Headers of required columns that are missing (empty when the tab is usable). */
  missing: string[];
  /**
   * Headers matched by more than one column (the same text, or a header and its alias): which
   * one staff mean is ambiguous, so the tab pauses instead of blanking a field from the wrong one.
   */
  duplicates: string[];
  /** Number of header cells in row 1 (where `sheets init` appends missing headers). */
  width: number;
}

/** Only the ID, status and name columns are required; any other field column may be left out. */
const REQUIRED_FIELDS = new Set(["name"]);

export function resolveLayout(kind: TargetKind, headerRow: readonly unknown[]): Layout {
  const positions = new Map<string, number[]>();
  headerRow.forEach((cell, column) => {
    const label = normaliseLabel(String(cell ?? ""));
    if (label !== "") positions.set(label, [...(positions.get(label) ?? []), column]);
  });
  const duplicates: string[] = [];
  const find = (names: { header: string; aliases: readonly string[] }): number | null => {
    const columns = new Set([names.header, ...names.aliases].flatMap((name) => positions.get(normaliseLabel(name)) ?? []));
    if (columns.size > 1) duplicates.push(names.header);
    return columns.size === 0 ? null : Math.min(...columns);
  };
  const missing: string[] = [];
  const idColumn = find(CONTROL_HEADERS.id);
  const statusColumn = find(CONTROL_HEADERS.status);
  if (idColumn === null) missing.push(CONTROL_HEADERS.id.header);
  if (statusColumn === null) missing.push(CONTROL_HEADERS.status.header);
  const fields: Layout["fields"] = [];
  for (const def of fieldsOf(kind)) {
    const column = find(def);
    if (column !== null) fields.push({ def, column });
    else if (REQUIRED_FIELDS.has(def.key)) missing.push(def.header);
  }
  return {
    kind,
    fields,
    idColumn: idColumn ?? -1,
    statusColumn: statusColumn ?? -1,
    reasonColumn: kind === "innovations" ? find(CONTROL_HEADERS.reason) : null,
    missing,
    duplicates,
    width: headerRow.length,
  };
}

/** 0 -> "A", 27 -> "AB". */
export function columnLetter(column: number): string {
  let letters = "";
  let rest = column + 1;
  while (rest > 0) {
    const remainder = (rest - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** A tab name quoted for A1 notation: 'Inovasi OPD'!A1 ('' inside doubles). */
export function quoteTab(tab: string): string {
  return `'${tab.replace(/'/g, "''")}'`;
}
