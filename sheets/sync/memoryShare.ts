// The runs of one process share its memory. A function instance serves many events at once
// (recordChanged and syncRequested run with --concurrency=80, reconcileSheets runs a few
// spreadsheets side by side), and its heap is sized for one 50,000-row tab
// (deploy/sync-instance.env): two such runs at once would take the instance down. So a run
// waits until the rows its spreadsheet had last time fit beside the runs going; a run alone
// always goes, whatever its size.
import { getHeapStatistics } from "node:v8";

/**
 * Heap a run holds per row of its tabs at its peak, and the process's own heap before any run:
 * measured with `bench/reconcileOnce.ts` at 50,000 rows (a run adding every row fits a 128 MB
 * heap, not a 112 MB one; ~35 MB in use before the lease).
 */
const HEAP_PER_ROW = 1_800;
const HEAP_OF_PROCESS = 36 * 1024 * 1024;
/** A spreadsheet never synced before (its size unknown) counts as this many rows. */
export const UNKNOWN_ROWS = 1_000;

/** Rows of runs this process can hold at once, from its heap limit (--max-old-space-size). */
export function rowsForHeap(heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.max(UNKNOWN_ROWS, Math.floor((heapLimitBytes - HEAP_OF_PROCESS) / HEAP_PER_ROW));
}

/** Rows held by the runs going in this process; runs wait their turn in arrival order. */
export class RowAllowance {
  private held = 0;
  private readonly waiting: { rows: number; admit: () => void }[] = [];

  constructor(readonly rows: number = rowsForHeap()) {}

  /** Waits until `rows` fit beside the runs going (or none goes); answers the function that gives them back. */
  async take(rows: number): Promise<() => void> {
    if (this.fitsNow(rows)) this.held += rows;
    else await new Promise<void>((admit) => this.waiting.push({ rows, admit }));
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.held -= rows;
      this.admitWaiting();
    };
  }

  /** Whether `take(rows)` would go at once. */
  fitsNow(rows: number): boolean {
    return this.waiting.length === 0 && this.fits(rows);
  }

  /** Rows held now (for the tests and the logs). */
  get inUse(): number {
    return this.held;
  }

  private fits(rows: number): boolean {
    return this.held === 0 || this.held + rows <= this.rows;
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.rows)) {
      const next = this.waiting.shift()!;
      this.held += next.rows;
      next.admit();
    }
  }
}

/** The allowance every run of this process shares unless its deps give another. */
export const processRows = new RowAllowance();
