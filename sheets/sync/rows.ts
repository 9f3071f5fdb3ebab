// A tab's values (as read with UNFORMATTED_VALUE) -> rows keyed by field, each cell parsed and
// fingerprinted; and the base state the last successful sync left for each record.
import { parseCell, type CellValue, type Parsed, type UnitNames } from "../layout/cells.js";
import type { Layout } from "../layout/columns.js";
import { CELL_MESSAGES } from "../layout/labels.js";
import { valueHash } from "./hash.js";

export interface ParsedRow {
  /** 1-based row number in the tab (row 1 is the header). */
  rowNumber: number;
  id: string;
  status: string;
  reason: string;
  /** No ID and every field cell empty: not a record (staff's spacing or their own notes). */
  empty: boolean;
  values: Map<string, Parsed>;
  /** Fingerprint of each field cell as parsed; an unparseable cell gets one from its raw text. */
  hashes: Map<string, string>;
  /** Field keys whose cell is empty. */
  blank: Set<string>;
}

/** What both sides agreed on for a record at the last successful sync of its row. */
export interface BaseRow {
  version: number;
  row: number;
  hashes: Record<string, string>;
}

export type BaseState = Map<string, BaseRow>;

function isBlank(cell: CellValue): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

function text(cell: CellValue): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseRows(layout: Layout, values: readonly (readonly CellValue[])[], units: UnitNames): ParsedRow[] {
  const rows: ParsedRow[] = [];
  for (let index = 1; index < values.length; index++) {
    const cells = values[index] ?? [];
    const parsed = new Map<string, Parsed>();
    const hashes = new Map<string, string>();
    const blank = new Set<string>();
    for (const { def, column } of layout.fields) {
      const cell = cells[column];
      if (isBlank(cell)) blank.add(def.key);
      // Text Firestore cannot store (a lone UTF-16 surrogate, e.g. from a broken paste) is a bad
      // cell of this row, not a failure of the whole run.
      const result: Parsed = typeof cell === "string" && LONE_SURROGATE.test(cell) ? { ok: false, message: CELL_MESSAGES.refusedByStore } : parseCell(def.cell, cell, units);
      parsed.set(def.key, result);
      hashes.set(def.key, result.ok ? valueHash(result.value) : `!${valueHash(cell ?? null)}`);
    }
    const id = text(cells[layout.idColumn]);
    rows.push({
      rowNumber: index + 1,
      id,
      status: text(cells[layout.statusColumn]),
      reason: layout.reasonColumn === null ? "" : text(cells[layout.reasonColumn]),
      empty: id === "" && blank.size === layout.fields.length,
      values: parsed,
      hashes,
      blank,
    });
  }
  return rows;
}
