// A tab's values (as read with UNFORMATTED_VALUE) -> rows keyed by field, each cell parsed and
// fingerprinted (the base state the last successful sync left for each record is base.ts).
import { DEFAULT_LOCALE } from "../../src/model/parse/index.js";
import { isFormulaCell, parseCell, type CellValue, type Parsed, type UnitNames } from "../layout/cells.js";
import type { Layout } from "../layout/columns.js";
import { checkRowValues, checksAcrossCells } from "../layout/fields.js";
import { CELL_MESSAGES } from "../layout/labels.js";
import { fieldHash, refusedHash } from "./hash.js";

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
export interface FieldHashes extends Iterable<[string, number]> {
  get(key: string): number | undefined;
  has(key: string): boolean;
  set(key: string, hash: number): void;
  /** The tab's field keys by position (the same array for every row of a tab), and the fingerprint at a position. */
  readonly keys: readonly string[];
  at(position: number): number;
}

/** A set of a row's field keys (the part of a Set the sync uses), kept as bits. */
export interface FieldSet {
  has(key: string): boolean;
  add(key: string): void;
  delete(key: string): void;
  readonly size: number;
}

/** The field keys of a tab, by position: shared by every row's fingerprints and blanks. */
export class FieldIndex {
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

/** A row's fingerprints: its slice of one Float64Array that holds every row of the tab. */
class RowHashes implements FieldHashes {
  constructor(
    private readonly index: FieldIndex,
    private readonly all: Float64Array,
    private readonly offset: number,
  ) {}
  get(key: string): number | undefined {
    const position = this.index.of(key);
    return position === undefined ? undefined : this.all[this.offset + position];
  }
  has(key: string): boolean {
    return this.index.of(key) !== undefined;
  }
  set(key: string, hash: number): void {
    const position = this.index.of(key);
    if (position === undefined) throw new Error(`no column for field ${key} in this tab`);
    this.all[this.offset + position] = hash;
  }
  get keys(): readonly string[] {
    return this.index.keys;
  }
  at(position: number): number {
    return this.all[this.offset + position]!;
  }
  *[Symbol.iterator](): Iterator<[string, number]> {
    for (let position = 0; position < this.index.keys.length; position++) yield [this.index.keys[position]!, this.all[this.offset + position]!];
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

function isBlank(cell: CellValue): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

function text(cell: CellValue): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** Text Firestore cannot store: a lone UTF-16 surrogate (the cheap test first: most text has no surrogate at all). */
function unstorableText(cell: CellValue): boolean {
  return typeof cell === "string" && ANY_SURROGATE.test(cell) && LONE_SURROGATE.test(cell);
}

/** The same range as `values`, read with valueRenderOption FORMULA (only the field columns are needed). */
export type FormulaGrid = readonly (readonly CellValue[])[];

/** What a row's cells are parsed with, shared by every row of a tab. */
interface TabContext {
  /** The tab's cells (rows a run released read as RELEASED). */
  values: readonly (readonly CellValue[])[];
  fields: Layout["fields"];
  defs: Layout["fields"][number]["def"][];
  index: FieldIndex;
  units: UnitNames;
  locale: string;
  formulas?: FormulaGrid;
  /** Per field, what a short cell value parsed to: a column repeats its choices, units, dates and blanks. */
  seen: Map<CellValue, Seen>[];
  /** Whether the tab maps fields checked across cells (`checkRowValues`); most tabs do not. */
  rowChecks: boolean;
  /** Per field, how often its memo was asked and how often it knew the value. */
  asked: Int32Array;
  known: Int32Array;
}

/** A short cell value of a column as parsed, and its fingerprint once a row asked for it. */
interface Seen {
  /** null for a list (links, a team): each row parses its own; the eager pass needs only the fingerprint. */
  parsed: Parsed | null;
  /** Whether the cell is empty (a memoised cell is never a formula). */
  blank: boolean;
  hash?: number;
}

/** Stands in the eager pass's scratch for a list cell whose fingerprint the column memo knows; never read as a value. */
const UNPARSED: Parsed = { ok: false, message: "" };

const SEEN_MAX = 5_000;
/** After this many values, a column whose values rarely repeat (names, problems) is no longer memoised. */
const MEMO_TRIAL = 2_000;

/** Whether a column's values repeat enough for a memo to pay (a column of unique names fills it for nothing). */
function repeats(context: TabContext, position: number): boolean {
  const asked = context.asked[position]!;
  return asked < MEMO_TRIAL || context.known[position]! * 4 >= asked;
}

/**
 * A cell parsed once per distinct short value of its column (parsing depends only on the value,
 * its field and the tab); `into.seen` gets the memo's entry, where the fingerprint is kept too.
 */
function parseColumnCell(context: TabContext, position: number, def: Layout["fields"][number]["def"], cell: CellValue, into: RowValues): Parsed {
  const memo = (typeof cell !== "string" || cell.length <= 40) && repeats(context, position);
  const seen = context.seen[position]!;
  into.seen[position] = undefined;
  const known = memo ? seen.get(cell) : undefined;
  if (memo) context.asked[position] = context.asked[position]! + 1;
  if (known && (known.parsed !== null || into.fingerprintOnly)) {
    context.known[position] = context.known[position]! + 1;
    into.seen[position] = known;
    return known.parsed ?? UNPARSED;
  }
  // Text Firestore cannot store (a lone UTF-16 surrogate, e.g. from a broken paste) is a bad
  // cell of this row, not a failure of the whole run.
  const unstorable = unstorableText(cell);
  const parsed = unstorable ? { ok: false as const, message: CELL_MESSAGES.refusedByStore } : parseCell(def.cell, cell, context.units, context.locale);
  // Only plain values are shared between rows: a list (links, a team) stays each row's own.
  if (memo && !known) {
    if (seen.size >= SEEN_MAX) seen.clear();
    const shared = !parsed.ok || typeof parsed.value !== "object" || parsed.value === null;
    const entry: Seen = shared ? { parsed, blank: isBlank(cell) } : { parsed: null, blank: isBlank(cell), hash: cellHash(context, position, parsed, cell) };
    seen.set(cell, entry);
    if (shared || into.fingerprintOnly) into.seen[position] = entry;
  }
  return parsed;
}

/**
 * A row's parsed cells by field key, over an array by field position: the eager pass reuses one
 * for every row, so checking a row across its cells builds no map per row.
 */
class RowValues extends Map<string, Parsed> {
  readonly cells: Parsed[] = [];
  /** Per field position, the column memo's entry the cell came from (none for a cell parsed on its own). */
  readonly seen: (Seen | undefined)[] = [];
  constructor(
    private readonly index: FieldIndex,
    /** Only fingerprints are wanted (no check across cells): a list cell the memo knows is not parsed again. */
    readonly fingerprintOnly = false,
  ) {
    super();
  }
  override get(key: string): Parsed | undefined {
    const position = this.index.of(key);
    return position === undefined ? undefined : this.cells[position];
  }
  override set(key: string, value: Parsed): this {
    const position = this.index.of(key);
    if (position !== undefined) this.cells[position] = value;
    return this;
  }
}

/** Every field cell of a row parsed into `into` by field position, then checked across cells. */
function parseCellsInto(context: TabContext, cells: readonly CellValue[], formulaRow: readonly CellValue[], into: RowValues): void {
  const fields = context.fields;
  for (let position = 0; position < fields.length; position++) {
    const { def, column } = fields[position]!;
    const cell = cells[column];
    // A formula is refused whatever its value (parseCell says why), unless its text cannot be stored at all.
    const formula = isFormulaCell(cell, formulaRow[column]) && !unstorableText(cell);
    if (formula) into.seen[position] = undefined;
    into.cells[position] = formula ? parseCell(def.cell, cell, context.units, context.locale, { formula }) : parseColumnCell(context, position, def, cell, into);
  }
  if (context.rowChecks) checkRowValues(context.defs, into);
}

/** Every field cell of a row parsed (and checked across cells), by field key. */
function parseCells(context: TabContext, cells: readonly CellValue[], formulaRow: readonly CellValue[]): Map<string, Parsed> {
  const row = new RowValues(context.index);
  parseCellsInto(context, cells, formulaRow, row);
  return new Map(context.fields.map(({ def }, position) => [def.key, row.cells[position]!]));
}

const NO_CELLS: readonly CellValue[] = [];
/** What a row's cells are replaced with once released (`releaseCells`). */
const RELEASED: readonly CellValue[] = [];

/**
 * Lets the cells of rows a run no longer needs go (`keep`: 1-based row numbers; the header row is
 * always kept): the grid of a 50,000-row tab is its largest part, and after planning only the
 * rows it touches are read again. Parsing a released row is a mistake, and says so.
 */
export function releaseCells(grid: CellValue[][], keep: ReadonlySet<number>): void {
  for (let index = 1; index < grid.length; index++) if (!keep.has(index + 1)) grid[index] = RELEASED as CellValue[];
}

/**
 * A row keeps its fingerprints and which cells are blank; its parsed values are made again only
 * when asked for (a row the merge needs), so a tab of 50,000 rows does not hold a million parsed
 * values that nothing reads.
 */
class SheetRow implements ParsedRow {
  private parsed?: Map<string, Parsed>;
  constructor(
    private readonly context: TabContext,
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
    if (!this.parsed) {
      const cells = this.context.values[this.index] ?? NO_CELLS;
      if (cells === RELEASED) throw new Error(`the cells of row ${this.rowNumber} were released before it was parsed`);
      this.parsed = parseCells(this.context, cells, this.context.formulas?.[this.index] ?? NO_CELLS);
    }
    return this.parsed;
  }
}

/** A parsed cell's fingerprint; a refused cell's is taken from what was typed, so it differs from the base until fixed. */
function cellHash(context: TabContext, position: number, result: Parsed, cell: CellValue): number {
  return result.ok ? fieldHash(result.value, repeats(context, position)) : refusedHash(cell);
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
  const width = layout.fields.length;
  const context: TabContext = {
    values,
    fields: layout.fields,
    defs: layout.fields.map(({ def }) => def),
    index: new FieldIndex(layout.fields),
    units,
    locale,
    formulas,
    seen: layout.fields.map(() => new Map()),
    rowChecks: checksAcrossCells(layout.fields.map(({ def }) => def)),
    asked: new Int32Array(width),
    known: new Int32Array(width),
  };
  // Blanks are bits of one number per row.
  if (layout.fields.length > 31) throw new Error(`a tab maps ${layout.fields.length} fields; at most 31 are supported`);
  const index = context.index;
  const rows: ParsedRow[] = [];
  const scratch = new RowValues(index, !context.rowChecks);
  const allHashes = new Float64Array(Math.max(0, values.length - 1) * width);
  for (let at = 1; at < values.length; at++) {
    const cells = values[at] ?? NO_CELLS;
    const formulaRow = formulas?.[at] ?? NO_CELLS;
    // Only the fingerprints are kept: one map serves every row.
    parseCellsInto(context, cells, formulaRow, scratch);
    const offset = (at - 1) * width;
    let blankBits = 0;
    for (let position = 0; position < width; position++) {
      const result = scratch.cells[position]!;
      // A cell whose value its column parsed before has its fingerprint and blankness from then
      // (unless a check across cells refused it in this row).
      const seen = scratch.seen[position];
      if (seen !== undefined && (seen.parsed === result || seen.parsed === null)) {
        if (seen.blank) blankBits |= 1 << position;
        allHashes[offset + position] = seen.hash ??= cellHash(context, position, result, cells[layout.fields[position]!.column]);
        continue;
      }
      const { column } = layout.fields[position]!;
      const cell = cells[column];
      if (isBlank(cell) && !isFormulaCell(cell, formulaRow[column])) blankBits |= 1 << position;
      allHashes[offset + position] = cellHash(context, position, result, cell);
    }
    const blank = new RowBlanks(index, blankBits);
    const id = text(cells[layout.idColumn]);
    const status = text(cells[layout.statusColumn]);
    const reason = layout.reasonColumn === null ? "" : text(cells[layout.reasonColumn]);
    rows.push(new SheetRow(context, at, at + 1, id, status, reason, id === "" && blank.size === layout.fields.length, new RowHashes(index, allHashes, offset), blank));
  }
  return rows;
}
