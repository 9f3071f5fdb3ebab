// Rewrites the cell references inside formula text: following their target when rows or
// columns are inserted, deleted or moved (a reference into a deleted row becomes #REF!), and
// moving relative references by an offset when a formula is copied or filled.
import { columnToLetters, lettersToColumn, quoteSheetTitle } from "./a1.js";

interface Endpoint {
  col?: number;
  row?: number;
  colAbsolute: boolean;
  rowAbsolute: boolean;
}

/** One reference as written: optional tab prefix (raw, with its "!"), one or two endpoints. */
export interface FormulaRef {
  sheetPrefix?: string;
  start: Endpoint;
  end?: Endpoint;
}

const SHEET = `(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!`;
const COL = `\\$?[A-Za-z]{1,3}`;
const ROW = `\\$?\\d+`;
// Cell or cell range (the end may be open, "A2:B"), column range "A:C", row range "2:5". Not
// followed by "(" (LOG10( is a function) or a name character.
const REF = new RegExp(`(${SHEET})?(?:(${COL}${ROW})(?::(${COL}${ROW}|${COL}(?![0-9])|${ROW}))?|(${COL}):(${COL})|(${ROW}):(${ROW}))(?![A-Za-z0-9_(!.])`, "y");
const NAME_CHAR = /[A-Za-z0-9_.$#'!]/;

function parseEndpoint(text: string): Endpoint {
  const m = /^(\$?)([A-Za-z]*)(\$?)(\d*)$/.exec(text)!;
  const out: Endpoint = { colAbsolute: false, rowAbsolute: false };
  if (m[2]) {
    out.col = lettersToColumn(m[2]);
    out.colAbsolute = m[1] === "$";
    out.rowAbsolute = m[3] === "$";
  } else {
    out.rowAbsolute = m[1] === "$" || m[3] === "$";
  }
  if (m[4]) out.row = Number(m[4]) - 1;
  return out;
}

function formatEndpoint(e: Endpoint): string {
  const col = e.col === undefined ? "" : `${e.colAbsolute ? "$" : ""}${columnToLetters(e.col)}`;
  const row = e.row === undefined ? "" : `${e.rowAbsolute ? "$" : ""}${e.row + 1}`;
  return col + row;
}

export function formatRef(ref: FormulaRef): string {
  return `${ref.sheetPrefix ?? ""}${formatEndpoint(ref.start)}${ref.end ? `:${formatEndpoint(ref.end)}` : ""}`;
}

/** The tab a prefix names, unquoted; undefined for a reference without a prefix. */
export function prefixTitle(ref: FormulaRef): string | undefined {
  const p = ref.sheetPrefix;
  if (p === undefined) return undefined;
  const bare = p.slice(0, -1);
  return bare.startsWith("'") ? bare.slice(1, -1).replaceAll("''", "'") : bare;
}

/** Calls `rewrite` on every reference outside string literals; its answer replaces the reference. */
export function rewriteReferences(formula: string, rewrite: (ref: FormulaRef) => string): string {
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') {
      const close = formula.indexOf('"', i + 1);
      let j = close < 0 ? formula.length : close + 1;
      while (formula[j] === '"') {
        const next = formula.indexOf('"', j + 1);
        j = next < 0 ? formula.length : next + 1;
      }
      out += formula.slice(i, j);
      i = j;
      continue;
    }
    const prev = i > 0 ? formula[i - 1]! : "";
    if (!NAME_CHAR.test(prev)) {
      REF.lastIndex = i;
      const m = REF.exec(formula);
      if (m) {
        const ref: FormulaRef = m[2]
          ? { start: parseEndpoint(m[2]), ...(m[3] ? { end: parseEndpoint(m[3]) } : {}) }
          : m[4]
            ? { start: parseEndpoint(m[4]), end: parseEndpoint(m[5]!) }
            : { start: parseEndpoint(m[6]!), end: parseEndpoint(m[7]!) };
        if (m[1]) ref.sheetPrefix = m[1];
        out += rewrite(ref);
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** True when the formula holds a #REF! left by a deleted reference (outside string literals). */
export function hasRefError(formula: string): boolean {
  return formula.replace(/"(?:[^"]|"")*"/g, "").includes("#REF!");
}

/**
 * Old index → new index along one axis, or undefined when that row or column was deleted.
 * For a range the endpoints are not mapped alone: the range becomes the span of its surviving
 * members, so a range grows when rows are inserted inside it and shrinks when some are deleted.
 */
export type IndexMap = ((index: number) => number | undefined) & {
  /** Survivors keep their order (insert, delete): a span's ends are enough to map it. */
  monotonic?: boolean;
};

export interface AxisChange {
  dimension: "ROWS" | "COLUMNS";
  map: IndexMap;
}

/** The new [start, end) of a half-open span, or undefined when every member was deleted. */
export function mapSpan(map: IndexMap, start: number, end: number): [number, number] | undefined {
  if (map.monotonic) {
    // Deleted indices form one block, so the first and last survivors are found in a few steps.
    let a = start;
    while (a < end && map(a) === undefined) a++;
    let b = end - 1;
    while (b >= a && map(b) === undefined) b--;
    return a > b ? undefined : [map(a)!, map(b)! + 1];
  }
  let lo: number | undefined;
  let hi: number | undefined;
  for (let i = start; i < end; i++) {
    const j = map(i);
    if (j === undefined) continue;
    lo = lo === undefined ? j : Math.min(lo, j);
    hi = hi === undefined ? j : Math.max(hi, j);
  }
  return lo === undefined || hi === undefined ? undefined : [lo, hi + 1];
}

const REF_ERROR = "#REF!";

/**
 * Follows each reference into tab `targetTitle` through an axis change. `ownTitle` is the tab
 * holding the formula (references without a prefix point there). Google rewrites relative and
 * absolute references alike: both name a cell, and the cell moved.
 */
export function shiftFormula(formula: string, ownTitle: string, targetTitle: string, change: AxisChange): string {
  const rows = change.dimension === "ROWS";
  return rewriteReferences(formula, (ref) => {
    const title = prefixTitle(ref) ?? ownTitle;
    if (title.toLowerCase() !== targetTitle.toLowerCase()) return formatRef(ref);
    const get = (e: Endpoint): number | undefined => (rows ? e.row : e.col);
    const set = (e: Endpoint, v: number): void => {
      if (rows) e.row = v;
      else e.col = v;
    };
    const a = get(ref.start);
    if (!ref.end) {
      if (a === undefined) return formatRef(ref);
      const moved = change.map(a);
      if (moved === undefined) return REF_ERROR;
      set(ref.start, moved);
      return formatRef(ref);
    }
    const b = get(ref.end);
    if (a === undefined && b === undefined) return formatRef(ref); // A:A under a row change
    if (a === undefined || b === undefined) {
      // "A2:B": the open end stays open; the given end follows its row.
      const given = (a ?? b)!;
      const span = mapSpan(change.map, given, given + 1);
      if (!span) return REF_ERROR;
      set(a === undefined ? ref.end : ref.start, span[0]);
      return formatRef(ref);
    }
    const span = mapSpan(change.map, Math.min(a, b), Math.max(a, b) + 1);
    if (!span) return REF_ERROR;
    set(ref.start, span[0]);
    set(ref.end, span[1] - 1);
    return formatRef(ref);
  });
}

/** Where a change sends the cell at (r, c); undefined drops it (deleted or overwritten). */
export type CellMap = (r: number, c: number) => [number, number] | undefined;

/** References by cell position, for changes that move a block rather than whole rows. */
export function shiftFormulaCells(formula: string, ownTitle: string, targetTitle: string, map: CellMap): string {
  return rewriteReferences(formula, (ref) => {
    const title = prefixTitle(ref) ?? ownTitle;
    if (title.toLowerCase() !== targetTitle.toLowerCase()) return formatRef(ref);
    const { start, end } = ref;
    if (start.row === undefined || start.col === undefined) return formatRef(ref);
    const a = map(start.row, start.col);
    if (!end) {
      if (!a) return "#REF!";
      [start.row, start.col] = a;
      return formatRef(ref);
    }
    if (end.row === undefined || end.col === undefined) return formatRef(ref);
    const b = map(end.row, end.col);
    // A range moves when both corners move together; a range cut in two keeps its place.
    if (a && b && a[0] - start.row === b[0] - end.row && a[1] - start.col === b[1] - end.col) {
      [start.row, start.col] = a;
      [end.row, end.col] = b;
    }
    return formatRef(ref);
  });
}

/**
 * A block cut from tab `source` to another tab: references into the block follow it (naming the
 * target tab unless the formula now lives there); a formula that moves with the block gets its
 * bare references prefixed with the tab they meant.
 */
export function followCutInFormula(
  formula: string,
  ownTitle: string,
  moving: boolean,
  source: { title: string; r0: number; r1: number; c0: number; c1: number },
  target: { title: string; row: number; col: number; ownAfterIsTarget: boolean },
): string {
  const inside = (r: number | undefined, c: number | undefined): boolean =>
    r !== undefined && c !== undefined && r >= source.r0 && r < source.r1 && c >= source.c0 && c < source.c1;
  return rewriteReferences(formula, (ref) => {
    const title = prefixTitle(ref) ?? ownTitle;
    if (title.toLowerCase() !== source.title.toLowerCase()) return formatRef(ref);
    const corners = ref.end ? [ref.start, ref.end] : [ref.start];
    if (corners.every((e) => inside(e.row, e.col))) {
      for (const e of corners) {
        e.row = e.row! - source.r0 + target.row;
        e.col = e.col! - source.c0 + target.col;
      }
      if (target.ownAfterIsTarget) delete ref.sheetPrefix;
      else ref.sheetPrefix = `${quoteSheetTitle(target.title)}!`;
    } else if (moving && ref.sheetPrefix === undefined) {
      ref.sheetPrefix = `${quoteSheetTitle(source.title)}!`;
    }
    return formatRef(ref);
  });
}

/**
 * Moves the relative parts of every reference by (rows, cols), as when a formula is copied,
 * filled or sorted to another place; "$" parts stay. A reference pushed off the grid's top or
 * left edge becomes #REF!.
 */
export function offsetFormula(formula: string, rows: number, cols: number): string {
  if (rows === 0 && cols === 0) return formula;
  return rewriteReferences(formula, (ref) => {
    for (const e of ref.end ? [ref.start, ref.end] : [ref.start]) {
      if (e.row !== undefined && !e.rowAbsolute) e.row += rows;
      if (e.col !== undefined && !e.colAbsolute) e.col += cols;
      if ((e.row ?? 0) < 0 || (e.col ?? 0) < 0) return REF_ERROR;
    }
    return formatRef(ref);
  });
}

/** Points references to tab `from` at tab `to` (a renamed tab); quoting follows the new name. */
export function renameSheetInFormula(formula: string, from: string, to: string, quote: (title: string) => string): string {
  return rewriteReferences(formula, (ref) => {
    if (prefixTitle(ref)?.toLowerCase() === from.toLowerCase()) ref.sheetPrefix = `${quote(to)}!`;
    return formatRef(ref);
  });
}
