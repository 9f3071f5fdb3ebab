// Optional JSON file that keeps the local stack's spreadsheets across restarts. Written
// whole, via a temporary file and rename, so a crash never leaves half a file.
//
// Version 2 stores cells sparsely: each tab keeps `cells`, a list of [row, column, cell] or
// [row, column, cell, count] for the cells that hold something (a value, a format, a note, a
// validation rule), instead of the in-memory `rows` grid whose holes JSON writes out as nulls.
// A run of `count` identical cells down a column (a column formatted or validated whole, as
// `sheets init` lays out every tab) is one entry. Version 1 files (dense `rows`) still load.
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Cell, SheetState, SpreadsheetState } from "./model.js";

type CellEntry = [row: number, column: number, cell: Cell] | [row: number, column: number, cell: Cell, count: number];
type StoredSheet = Omit<SheetState, "rows"> & { rows?: (Cell | null)[][]; cells?: CellEntry[] };
type StoredBook = Omit<SpreadsheetState, "sheets"> & { sheets: StoredSheet[] };

const FORMAT_VERSION = 2;

function holdsSomething(cell: Cell | null | undefined): cell is Cell {
  if (!cell) return false;
  return (
    cell.input.value !== undefined ||
    cell.input.numberFormat !== undefined ||
    (cell.format !== undefined && Object.keys(cell.format).length > 0) ||
    cell.note !== undefined ||
    cell.dataValidation !== undefined
  );
}

export function sparseSheet(sheet: SheetState): StoredSheet {
  const { rows, ...rest } = sheet;
  const width = Math.max(0, ...rows.map((line) => line?.length ?? 0));
  const cells: CellEntry[] = [];
  for (let c = 0; c < width; c++) {
    let run: { row: number; json: string; cell: Cell; count: number } | undefined;
    const flush = (): void => {
      if (run) cells.push(run.count > 1 ? [run.row, c, run.cell, run.count] : [run.row, c, run.cell]);
      run = undefined;
    };
    rows.forEach((line, r) => {
      const cell = line?.[c];
      if (!holdsSomething(cell)) return flush();
      const json = JSON.stringify(cell);
      if (run && run.json === json && run.row + run.count === r) run.count++;
      else {
        flush();
        run = { row: r, json, cell, count: 1 };
      }
    });
    flush();
  }
  return { ...rest, cells };
}

function denseRows(stored: StoredSheet): (Cell | null)[][] {
  // JSON turns holes into null; the model treats null cells and rows as empty.
  if (stored.rows) return stored.rows.map((r) => r ?? []);
  const rows: (Cell | null)[][] = [];
  for (const [r0, c, cell, count = 1] of stored.cells ?? []) {
    for (let r = r0; r < r0 + count; r++) {
      for (let i = rows.length; i <= r; i++) rows[i] = [];
      const line = rows[r]!;
      for (let i = line.length; i < c; i++) line[i] = null;
      // Each cell of a run is its own object: cells change independently.
      line[c] = r === r0 ? cell : structuredClone(cell);
    }
  }
  return rows;
}

export function loadState(path: string): Map<string, SpreadsheetState> {
  const books = new Map<string, SpreadsheetState>();
  if (!existsSync(path)) return books;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { version?: number; spreadsheets?: StoredBook[] };
  for (const stored of parsed.spreadsheets ?? []) {
    const sheets = stored.sheets.map((s) => {
      const { cells: _cells, rows: _rows, ...rest } = s;
      return { ...rest, rows: denseRows(s) } as SheetState;
    });
    books.set(stored.spreadsheetId, { ...stored, sheets } as SpreadsheetState);
  }
  return books;
}

export function saveState(path: string, books: Map<string, SpreadsheetState>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const spreadsheets = [...books.values()].map((b) => ({ ...b, sheets: b.sheets.map(sparseSheet) }));
  writeFileSync(tmp, JSON.stringify({ version: FORMAT_VERSION, spreadsheets }));
  renameSync(tmp, path);
}
