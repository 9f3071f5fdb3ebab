// A1 notation as Google reads and echoes it: tab names quoted or not, open ranges
// (A:A, A2:Z, 3:3), reversed corners, and the normalised form Google sends back.

export interface A1Endpoint {
  row?: number; // 0-based; undefined when the endpoint has no row (e.g. "A")
  col?: number; // 0-based; undefined when the endpoint has no column (e.g. "3")
}

export interface ParsedRange {
  /** Tab title as written (unquoted), or undefined when the range names no tab. */
  sheetTitle?: string;
  /** Undefined when the range is a bare tab name (the whole grid). */
  start?: A1Endpoint;
  end?: A1Endpoint;
}

/** A resolved, inclusive rectangle, 0-based. */
export interface GridRect {
  startRow: number;
  endRow: number;
  startCol: number;
  endCol: number;
}

export class RangeParseError extends Error {}

export function columnToLetters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const ENDPOINT = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

function parseEndpoint(text: string): A1Endpoint | undefined {
  const m = ENDPOINT.exec(text);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  const endpoint: A1Endpoint = {};
  if (m[1]) endpoint.col = lettersToColumn(m[1]);
  if (m[2]) {
    const row = Number(m[2]);
    if (row < 1) return undefined;
    endpoint.row = row - 1;
  }
  return endpoint;
}

// R1C1 with absolute row and column numbers ("R1C1", "R1C1:R2C3"), which the API reads as
// the same cells as A1 ("A1 notation or R1C1 notation", developers.google.com/workspace/
// sheets/api/guides/concepts). The relative forms (R[1]C[1], RC) name cells relative to a
// "current cell" that an API request does not have, so they stay unparsable here; this
// refusal is the emulator's reading and is not confirmed against Google.
const R1C1_ENDPOINT = /^[Rr](\d+)[Cc](\d+)$/;

function parseR1C1(text: string): Pick<ParsedRange, "start" | "end"> | undefined {
  const parts = text.split(":");
  if (parts.length > 2) return undefined;
  const ends = parts.map((p) => R1C1_ENDPOINT.exec(p));
  if (ends.some((m) => !m)) return undefined;
  const points = ends.map((m) => ({ row: Number(m![1]) - 1, col: Number(m![2]) - 1 }));
  if (points.some((p) => p.row < 0 || p.col < 0)) return undefined;
  return { start: points[0]!, end: { ...(points[1] ?? points[0]!) } };
}

/** Parses the cell part ("A1", "A1:B2", "A:A", "2:2", "R1C1:R2C2"); undefined when it is neither A1 nor R1C1. */
export function parseCells(text: string): Pick<ParsedRange, "start" | "end"> | undefined {
  const r1c1 = parseR1C1(text);
  if (r1c1) return r1c1;
  const parts = text.split(":");
  if (parts.length > 2) return undefined;
  const start = parseEndpoint(parts[0] ?? "");
  if (!start) return undefined;
  if (parts.length === 1) {
    // A lone "A" or "3" is not a range Google accepts; a lone cell is.
    if (start.row === undefined || start.col === undefined) return undefined;
    return { start, end: { ...start } };
  }
  const end = parseEndpoint(parts[1] ?? "");
  if (!end) return undefined;
  return { start, end };
}

/**
 * Splits "'My tab'!A1:B2" into tab and cells. Without "!", the text is either a tab name
 * or cells on the first tab; `isSheetTitle` decides, as Google prefers an existing tab name.
 */
export function parseRange(text: string, isSheetTitle: (title: string) => boolean): ParsedRange {
  const fail = (): never => {
    throw new RangeParseError(`Unable to parse range: ${text}`);
  };
  if (text.startsWith("'")) {
    let i = 1;
    let title = "";
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === "'") {
        if (text[i + 1] === "'") {
          title += "'";
          i += 2;
          continue;
        }
        break;
      }
      title += ch;
      i++;
    }
    const rest = text.slice(i + 1);
    if (rest === "") return { sheetTitle: title };
    if (!rest.startsWith("!")) fail();
    const cells = parseCells(rest.slice(1));
    if (!cells) fail();
    return { sheetTitle: title, ...cells };
  }
  const bang = text.lastIndexOf("!");
  if (bang >= 0) {
    const title = text.slice(0, bang);
    const cells = parseCells(text.slice(bang + 1));
    if (!cells || title === "") fail();
    return { sheetTitle: title, ...cells };
  }
  if (isSheetTitle(text)) return { sheetTitle: text };
  const cells = parseCells(text);
  if (!cells) fail();
  return { ...cells };
}

/** Resolves open ends against the grid and puts reversed corners in order. */
export function resolveRect(parsed: ParsedRange, rowCount: number, columnCount: number): GridRect {
  if (!parsed.start || !parsed.end) {
    return { startRow: 0, endRow: rowCount - 1, startCol: 0, endCol: columnCount - 1 };
  }
  const { start, end } = parsed;
  const rows = [start.row, end.row].filter((r): r is number => r !== undefined);
  const cols = [start.col, end.col].filter((c): c is number => c !== undefined);
  const startRow = start.row !== undefined && end.row !== undefined ? Math.min(...rows) : (start.row ?? 0);
  const endRow = start.row !== undefined && end.row !== undefined ? Math.max(...rows) : end.row ?? rowCount - 1;
  const startCol = start.col !== undefined && end.col !== undefined ? Math.min(...cols) : (start.col ?? 0);
  const endCol = start.col !== undefined && end.col !== undefined ? Math.max(...cols) : end.col ?? columnCount - 1;
  return { startRow, endRow: Math.max(endRow, startRow), startCol, endCol: Math.max(endCol, startCol) };
}

const SIMPLE_TITLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOOKS_LIKE_CELL = /^[A-Za-z]{1,3}\d+$/;
const LOOKS_LIKE_R1C1 = /^[Rr]\d*[Cc]\d*$/;

/** Google quotes a tab name unless it is a plain identifier that cannot be read as a cell. */
export function quoteSheetTitle(title: string): string {
  if (SIMPLE_TITLE.test(title) && !LOOKS_LIKE_CELL.test(title) && !LOOKS_LIKE_R1C1.test(title)) return title;
  return `'${title.replaceAll("'", "''")}'`;
}

export function cellA1(row: number, col: number): string {
  return `${columnToLetters(col)}${row + 1}`;
}

/** "B2" for one cell, "A1:C3" otherwise: the cell part of every range Google echoes. */
export function rectA1(rect: GridRect): string {
  const start = cellA1(rect.startRow, rect.startCol);
  if (rect.startRow === rect.endRow && rect.startCol === rect.endCol) return start;
  return `${start}:${cellA1(rect.endRow, rect.endCol)}`;
}

export function formatRange(title: string, rect: GridRect): string {
  return `${quoteSheetTitle(title)}!${rectA1(rect)}`;
}
