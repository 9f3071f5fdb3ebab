// A tab's base state in memory: what both sides agreed on for each record at the last successful
// sync of its row (its version, row number and one fingerprint per field). Kept compact for tabs
// of 50,000 rows: the ids in one Map to a slot, the fingerprints of every row in one Float64Array
// (slot × column), which fields a row has as bits, versions and row numbers in typed arrays; no
// object per row or per field. Stored in Firestore as text (state.ts), never in this form.
import type { FieldHashes } from "./rows.js";

/** One record's base row, as the merge and the store see it (made on request, not kept). */
export interface BaseRow {
  version: number;
  row: number;
  hashes: Record<string, number>;
}

/** Whether two base rows say the same (version, row number and every field's fingerprint). */
export function sameBaseRow(a: BaseRow | undefined, b: BaseRow): boolean {
  if (!a || a.version !== b.version || a.row !== b.row) return false;
  const keys = Object.keys(b.hashes);
  return keys.length === Object.keys(a.hashes).length && keys.every((key) => a.hashes[key] === b.hashes[key]);
}

/** Rows a new state has room for before it grows (doubling). */
const FIRST_ROOM = 64;

export class BaseState {
  constructor(
    /** Record id -> slot, in the order rows were added (the order of `keys()`, as a Map's). */
    private readonly slots = new Map<string, number>(),
    /** Field keys by column, and the column of each key: shared by every row. */
    private readonly fieldKeys: string[] = [],
    private readonly columns = new Map<string, number>(),
  ) {}

  /** Columns each row has room for, and 32-bit words of presence bits per row. */
  private stride = 0;
  private words = 0;
  private hashes = new Float64Array(0);
  private present = new Uint32Array(0);
  private versions = new Float64Array(0);
  private rowNumbers = new Float64Array(0);
  /** Slots handed out (a deleted row's slot is not reused: deletions are few per run). */
  private used = 0;
  /** The state this one was copied from, and the ids set or deleted since: a save looks only at those. */
  private origin: BaseState | null = null;
  private readonly changed = new Set<string>();
  /** Column of each field of the last tab compared (`differsFrom`), by its field keys. */
  private lookup: { keys: readonly string[]; columns: Int32Array } | null = null;

  static from(rows: Iterable<[string, BaseRow]>): BaseState {
    const state = new BaseState();
    for (const [id, row] of rows) state.set(id, row);
    return state;
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Record ids, in the order their rows were added. */
  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  *[Symbol.iterator](): IterableIterator<[string, BaseRow]> {
    for (const id of this.slots.keys()) yield [id, this.get(id)!];
  }

  /** A record's base row as a new object (changing it changes nothing here: `set` it back). */
  get(id: string): BaseRow | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    const hashes: Record<string, number> = {};
    const offset = slot * this.stride;
    for (let column = 0; column < this.fieldKeys.length; column++) if (this.holds(slot, column)) hashes[this.fieldKeys[column]!] = this.hashes[offset + column]!;
    return { version: this.versions[slot]!, row: this.rowNumbers[slot]!, hashes };
  }

  /** The fingerprint the base agreed for one field of a record (undefined: no base row, or none for that field). */
  hashOf(id: string, key: string): number | undefined {
    const slot = this.slots.get(id);
    const column = this.columns.get(key);
    if (slot === undefined || column === undefined || !this.holds(slot, column)) return undefined;
    return this.hashes[slot * this.stride + column];
  }

  set(id: string, row: BaseRow): void {
    for (const key in row.hashes) if (!this.columns.has(key)) this.addColumn(key);
    const slot = this.place(id, row.version, row.row);
    for (const key in row.hashes) this.put(slot, this.columns.get(key)!, row.hashes[key]!);
  }

  /** `set` from the first `count` field keys and fingerprints of two lists: a stored bucket is read without an object per row. */
  setFields(id: string, version: number, row: number, keys: readonly string[], hashes: Float64Array, count: number): void {
    for (let index = 0; index < count; index++) if (!this.columns.has(keys[index]!)) this.addColumn(keys[index]!);
    const slot = this.place(id, version, row);
    for (let index = 0; index < count; index++) this.put(slot, this.columns.get(keys[index]!)!, hashes[index]!);
  }

  /** Moves a record's base row to another row number (its fields and version as they were). */
  setRow(id: string, rowNumber: number): void {
    const slot = this.slots.get(id);
    if (slot === undefined || this.rowNumbers[slot] === rowNumber) return;
    this.rowNumbers[slot] = rowNumber;
    this.noteChange(id);
  }

  delete(id: string): boolean {
    if (!this.slots.delete(id)) return false;
    this.noteChange(id);
    return true;
  }

  /** A copy to change (the render's, a run's interim base): typed arrays copied whole, no object per row. */
  copy(): BaseState {
    const copy = new BaseState(new Map(this.slots), [...this.fieldKeys], new Map(this.columns));
    copy.stride = this.stride;
    copy.words = this.words;
    copy.hashes = this.hashes.slice();
    copy.present = this.present.slice();
    copy.versions = this.versions.slice();
    copy.rowNumbers = this.rowNumbers.slice();
    copy.used = this.used;
    copy.origin = this;
    return copy;
  }

  /** Ids whose row may differ from `previous`: those set or deleted since this state was copied from it; null when it was not. */
  changedSince(previous: BaseState): ReadonlySet<string> | null {
    return this.origin === previous ? this.changed : null;
  }

  /** Room for exactly the rows held, once a state is read whole (doubling leaves up to half unused). */
  trim(): void {
    if (this.used < this.versions.length) this.relayout(this.stride, this.used);
  }

  /**
   * Whether any of a sheet row's field fingerprints differs from the record's base row; a record
   * without a base row, or a field without a base fingerprint, differs.
   */
  differsFrom(id: string, row: FieldHashes): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return true;
    const columns = this.columnsOf(row.keys);
    const offset = slot * this.stride;
    for (let position = 0; position < columns.length; position++) {
      const column = columns[position]!;
      if (column < 0 || !this.holds(slot, column) || this.hashes[offset + column] !== row.at(position)) return true;
    }
    return false;
  }

  /** Each field the record's base row has, in column order. */
  eachField(slot: number, visit: (key: string, hash: number) => void): void {
    for (let column = 0; column < this.fieldKeys.length; column++) if (this.holds(slot, column)) visit(this.fieldKeys[column]!, this.hashes[slot * this.stride + column]!);
  }

  /** A record's slot, for `eachField`, `versionAt` and `rowAt` (the store serialises rows with them). */
  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  versionAt(slot: number): number {
    return this.versions[slot]!;
  }

  rowAt(slot: number): number {
    return this.rowNumbers[slot]!;
  }

  /** A record's slot (a new one for a new id) with its version and row number set and no field yet. */
  private place(id: string, version: number, row: number): number {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      if (this.used === this.versions.length) this.relayout(this.stride, Math.max(FIRST_ROOM, this.used * 2));
      slot = this.used++;
      this.slots.set(id, slot);
    }
    this.present.fill(0, slot * this.words, (slot + 1) * this.words);
    this.versions[slot] = version;
    this.rowNumbers[slot] = row;
    this.noteChange(id);
    return slot;
  }

  private put(slot: number, column: number, hash: number): void {
    this.hashes[slot * this.stride + column] = hash;
    this.present[slot * this.words + (column >>> 5)]! |= 1 << (column & 31);
  }

  /** Only a copy keeps what changed in it (a state read whole would note every row for nothing). */
  private noteChange(id: string): void {
    if (this.origin) this.changed.add(id);
  }

  private holds(slot: number, column: number): boolean {
    return (this.present[slot * this.words + (column >>> 5)]! & (1 << (column & 31))) !== 0;
  }

  private columnsOf(keys: readonly string[]): Int32Array {
    if (this.lookup?.keys !== keys || this.lookup.columns.length !== keys.length) {
      this.lookup = { keys, columns: Int32Array.from(keys, (key) => this.columns.get(key) ?? -1) };
    }
    return this.lookup.columns;
  }

  private addColumn(key: string): void {
    this.columns.set(key, this.fieldKeys.length);
    this.fieldKeys.push(key);
    this.lookup = null;
    if (this.fieldKeys.length > this.stride) this.relayout(Math.max(this.fieldKeys.length, this.stride + 4), this.versions.length);
  }

  /** Moves every row into arrays of another width (columns) or room (rows). */
  private relayout(stride: number, room: number): void {
    const words = Math.ceil(stride / 32);
    const hashes = new Float64Array(room * stride);
    const present = new Uint32Array(room * words);
    const rows = Math.min(this.used, room);
    if (stride === this.stride) {
      hashes.set(this.hashes.subarray(0, rows * stride));
      present.set(this.present.subarray(0, rows * words));
    } else {
      for (let slot = 0; slot < rows; slot++) {
        hashes.set(this.hashes.subarray(slot * this.stride, (slot + 1) * this.stride), slot * stride);
        present.set(this.present.subarray(slot * this.words, (slot + 1) * this.words), slot * words);
      }
    }
    const versions = new Float64Array(room);
    versions.set(this.versions.subarray(0, rows));
    const rowNumbers = new Float64Array(room);
    rowNumbers.set(this.rowNumbers.subarray(0, rows));
    this.stride = stride;
    this.words = words;
    this.hashes = hashes;
    this.present = present;
    this.versions = versions;
    this.rowNumbers = rowNumbers;
  }
}
