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

/** What a row's cells are parsed with, shared by every row of a tab. */
interface TabContext {
  fields: Layout["fields"];
  units: UnitNames;
  locale: string;
  formulas?: FormulaGrid;
}

/** Every field cell of a row parsed (and checked across cells), by field key. */
function parseCells(context: TabContext, cells: readonly CellValue[], formulaRow: readonly CellValue[]): Map<string, Parsed> {
  const parsed = new Map<string, Parsed>();
  for (const { def, column } of context.fields) {
    const cell = cells[column];
    // Text Firestore cannot store (a lone UTF-16 surrogate, e.g. from a broken paste) is a bad
    // cell of this row, not a failure of the whole run.
    const unstorable = typeof cell === "string" && LONE_SURROGATE.test(cell);
    parsed.set(def.key, unstorable ? { ok: false, message: CELL_MESSAGES.refusedByStore } : parseCell(def.cell, cell, context.units, context.locale, { formula: isFormulaCell(cell, formulaRow[column]) }));
  }
  checkRowValues(
    context.fields.map(({ def }) => def),
    parsed,
  );
  return parsed;
}

const NO_CELLS: readonly CellValue[] = [];

/**
 * A row keeps its fingerprints and which cells are blank; its parsed values are made again only
 * when asked for (a row the merge needs), so a tab of 50,000 rows does not hold a million parsed
 * values that nothing reads.
 */
class SheetRow implements ParsedRow {
  private parsed?: Map<string, Parsed>;
  constructor(
    private readonly context: TabContext,
    private readonly cells: readonly CellValue[],
    private readonly index: number,
    readonly rowNumber: number,
    readonly id: string,
    readonly status: string,
    readonly reason: string,
    readonly empty: boolean,
    readonly hashes: Map<string, string>,
    readonly blank: Set<string>,
  ) {}

  get values(): Map<string, Parsed> {
    this.parsed ??= parseCells(this.context, this.cells, this.context.formulas?.[this.index] ?? NO_CELLS);
    return this.parsed;
  }
}

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
  const context: TabContext = { fields: layout.fields, units, locale, formulas };
  const rows: ParsedRow[] = [];
  for (let index = 1; index < values.length; index++) {
    const cells = values[index] ?? NO_CELLS;
    const formulaRow = formulas?.[index] ?? NO_CELLS;
    const parsed = parseCells(context, cells, formulaRow);
    const hashes = new Map<string, string>();
    const blank = new Set<string>();
    for (const { def, column } of layout.fields) {
      const cell = cells[column];
      if (isBlank(cell) && !isFormulaCell(cell, formulaRow[column])) blank.add(def.key);
      const result = parsed.get(def.key)!;
      // A refused cell is fingerprinted from what was typed, so it differs from the base until fixed.
      hashes.set(def.key, result.ok ? valueHash(result.value) : `!${valueHash(cell ?? null)}`);
    }
    const id = text(cells[layout.idColumn]);
    const status = text(cells[layout.statusColumn]);
    const reason = layout.reasonColumn === null ? "" : text(cells[layout.reasonColumn]);
    rows.push(new SheetRow(context, cells, index, index + 1, id, status, reason, id === "" && blank.size === layout.fields.length, hashes, blank));
  }
  return rows;
}
