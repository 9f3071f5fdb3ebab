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
  hashes: FieldHashes;
  /** Field keys whose cell is empty. */
  blank: FieldSet;
}

/** A row's fingerprints by field key (the part of a Map the sync uses), kept as one small array per row. */
export interface FieldHashes extends Iterable<[string, string]> {
  get(key: string): string | undefined;
  has(key: string): boolean;
  set(key: string, hash: string): void;
}

/** A set of a row's field keys (the part of a Set the sync uses), kept as bits. */
export interface FieldSet {
  has(key: string): boolean;
  add(key: string): void;
  delete(key: string): void;
  readonly size: number;
}

/** The field keys of a tab, by position: shared by every row's fingerprints and blanks. */
class FieldIndex {
  readonly keys: string[];
  private readonly positions: Map<string, number>;
  constructor(fields: Layout["fields"]) {
    this.keys = fields.map(({ def }) => def.key);
    this.positions = new Map(this.keys.map((key, position) => [key, position]));
  }
  of(key: string): number | undefined {
    return this.positions.get(key);
  }
}

class RowHashes implements FieldHashes {
  constructor(
    private readonly index: FieldIndex,
    private readonly list: string[],
  ) {}
  get(key: string): string | undefined {
    const position = this.index.of(key);
    return position === undefined ? undefined : this.list[position];
  }
  has(key: string): boolean {
    return this.index.of(key) !== undefined;
  }
  set(key: string, hash: string): void {
    const position = this.index.of(key);
    if (position === undefined) throw new Error(`no column for field ${key} in this tab`);
    this.list[position] = hash;
  }
  *[Symbol.iterator](): Iterator<[string, string]> {
    for (let position = 0; position < this.list.length; position++) yield [this.index.keys[position]!, this.list[position]!];
  }
}

class RowBlanks implements FieldSet {
  constructor(
    private readonly index: FieldIndex,
    private bits: number,
  ) {}
  has(key: string): boolean {
    const position = this.index.of(key);
    return position !== undefined && (this.bits & (1 << position)) !== 0;
  }
  add(key: string): void {
    const position = this.index.of(key);
    if (position !== undefined) this.bits |= 1 << position;
  }
  delete(key: string): void {
    const position = this.index.of(key);
    if (position !== undefined) this.bits &= ~(1 << position);
  }
  get size(): number {
    let count = 0;
    for (let bits = this.bits; bits !== 0; bits &= bits - 1) count++;
    return count;
  }
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
  /** Per field, what a short cell value parsed to: a column repeats its choices, units, dates and blanks. */
  seen: Map<CellValue, Parsed>[];
}

const SEEN_MAX = 5_000;

/** A cell parsed once per distinct short value of its column (parsing depends only on the value, its field and the tab). */
function parseColumnCell(context: TabContext, position: number, def: Layout["fields"][number]["def"], cell: CellValue): Parsed {
  const memo = typeof cell !== "string" || cell.length <= 40;
  const seen = context.seen[position]!;
  if (memo) {
    const known = seen.get(cell);
    if (known) return known;
  }
  // Text Firestore cannot store (a lone UTF-16 surrogate, e.g. from a broken paste) is a bad
  // cell of this row, not a failure of the whole run.
  const unstorable = typeof cell === "string" && LONE_SURROGATE.test(cell);
  const parsed = unstorable ? { ok: false as const, message: CELL_MESSAGES.refusedByStore } : parseCell(def.cell, cell, context.units, context.locale);
  // Only plain values are shared between rows: a list (links, a team) stays each row's own.
  if (memo && (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null)) {
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(cell, parsed);
  }
  return parsed;
}

/** Every field cell of a row parsed (and checked across cells), by field key. */
function parseCells(context: TabContext, cells: readonly CellValue[], formulaRow: readonly CellValue[]): Map<string, Parsed> {
  const parsed = new Map<string, Parsed>();
  context.fields.forEach(({ def, column }, position) => {
    const cell = cells[column];
    // A formula is refused whatever its value (parseCell says why), unless its text cannot be stored at all.
    const formula = isFormulaCell(cell, formulaRow[column]) && !(typeof cell === "string" && LONE_SURROGATE.test(cell));
    parsed.set(def.key, formula ? parseCell(def.cell, cell, context.units, context.locale, { formula }) : parseColumnCell(context, position, def, cell));
  });
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
    readonly hashes: FieldHashes,
    readonly blank: FieldSet,
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
  const context: TabContext = { fields: layout.fields, units, locale, formulas, seen: layout.fields.map(() => new Map()) };
  // Blanks are bits of one number per row.
  if (layout.fields.length > 31) throw new Error(`a tab maps ${layout.fields.length} fields; at most 31 are supported`);
  const index = new FieldIndex(layout.fields);
  const rows: ParsedRow[] = [];
  for (let at = 1; at < values.length; at++) {
    const cells = values[at] ?? NO_CELLS;
    const formulaRow = formulas?.[at] ?? NO_CELLS;
    const parsed = parseCells(context, cells, formulaRow);
    const hashes: string[] = new Array<string>(layout.fields.length);
    let blankBits = 0;
    layout.fields.forEach(({ def, column }, position) => {
      const cell = cells[column];
      if (isBlank(cell) && !isFormulaCell(cell, formulaRow[column])) blankBits |= 1 << position;
      const result = parsed.get(def.key)!;
      // A refused cell is fingerprinted from what was typed, so it differs from the base until fixed.
      hashes[position] = result.ok ? valueHash(result.value) : `!${valueHash(cell ?? null)}`;
    });
    const blank = new RowBlanks(index, blankBits);
    const id = text(cells[layout.idColumn]);
    const status = text(cells[layout.statusColumn]);
    const reason = layout.reasonColumn === null ? "" : text(cells[layout.reasonColumn]);
    rows.push(new SheetRow(context, cells, at, at + 1, id, status, reason, id === "" && blank.size === layout.fields.length, new RowHashes(index, hashes), blank));
  }
  return rows;
}
