// A tab's values (as read with UNFORMATTED_VALUE) -> rows keyed by field, each cell parsed and
// fingerprinted; and the base state the last successful sync left for each record.
import { DEFAULT_LOCALE } from "../../src/model/parse/index.js";
import { isFormulaCell, parseCell, type CellValue, type Parsed, type UnitNames } from "../layout/cells.js";
import type { Layout } from "../layout/columns.js";
import { checkRowValues } from "../layout/fields.js";
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

/** The same range as `values`, read with valueRenderOption FORMULA (only the field columns are needed). */
export type FormulaGrid = readonly (readonly CellValue[])[];

/**
 * @param locale the spreadsheet's `properties.locale`; an unsupported one refuses every cell
 *   (the engine should pause the tab with `PAUSE_MESSAGES.unsupportedLocale` before this).
 * @param formulas the FORMULA read of the same range; without it no cell counts as a formula.
 */
export function parseRows(
  layout: Layout,
  values: readonly (readonly CellValue[])[],
  units: UnitNames,
  locale: string = DEFAULT_LOCALE,
  formulas?: FormulaGrid,
): ParsedRow[] {
  const rows: ParsedRow[] = [];
  for (let index = 1; index < values.length; index++) {
    const cells = values[index] ?? [];
    const formulaRow = formulas?.[index] ?? [];
    const parsed = new Map<string, Parsed>();
    const hashes = new Map<string, string>();
    const blank = new Set<string>();
    for (const { def, column } of layout.fields) {
      const cell = cells[column];
      const formula = isFormulaCell(cell, formulaRow[column]);
      if (isBlank(cell) && !formula) blank.add(def.key);
      // Text Firestore cannot store (a lone UTF-16 surrogate, e.g. from a broken paste) is a bad
      // cell of this row, not a failure of the whole run.
      const unstorable = typeof cell === "string" && LONE_SURROGATE.test(cell);
      parsed.set(def.key, unstorable ? { ok: false, message: CELL_MESSAGES.refusedByStore } : parseCell(def.cell, cell, units, locale, { formula }));
    }
    checkRowValues(
      layout.fields.map(({ def }) => def),
      parsed,
    );
    for (const { def, column } of layout.fields) {
      const result = parsed.get(def.key)!;
      // A refused cell is fingerprinted from what was typed, so it differs from the base until fixed.
      hashes.set(def.key, result.ok ? valueHash(result.value) : `!${valueHash(cells[column] ?? null)}`);
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
