// The stored text of one bucket of a base state, written and read without an object or a string
// per field: at 50,000 rows a bucket save and a bucket read touch ~1.25 million fingerprints, and
// making a string, a number box and an object for each kept V8's collector busy for seconds in the
// syncing functions' 128 MB heap. The text stays what earlier versions wrote with JSON.stringify
//   {"<id>":{"version":5,"row":2,"hashes":{"<field>":"<base 36>",...}},...}
// rows sorted by id, fingerprints in base 36 ("!" before a refused cell's), so a bucket whose rows
// did not change compares equal and an instance still on older code reads it alike.
import { hashFromStored, unitsHash } from "./hash.js";
import type { BaseState } from "./base.js";

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * One bucket's text built in a reused buffer of UTF-16 code units: its fingerprint (`textHash` of
 * the text) is taken from the buffer, and the string is made only for a bucket that is written.
 */
export class BucketWriter {
  private units = new Uint16Array(1 << 16);
  private length = 0;
  /** Field keys as JSON, made once per key. */
  private readonly quoted = new Map<string, string>();
  private readonly digits = new Uint16Array(16);
  /** Whether the bucket has a character beyond one byte (ids and keys may; the rest is ASCII). */
  private wide = false;

  /** Starts a new bucket. */
  begin(): void {
    this.length = 0;
    this.wide = false;
    this.unit(0x7b);
  }

  /** Adds a record's base row (rows must come sorted by id). */
  row(id: string, base: BaseState, slot: number): void {
    if (this.length > 1) this.unit(0x2c);
    this.text(JSON.stringify(id));
    this.text(`:{"version":`);
    this.number(base.versionAt(slot));
    this.text(`,"row":`);
    this.number(base.rowAt(slot));
    this.text(`,"hashes":{`);
    let first = true;
    base.eachField(slot, (key, hash) => {
      if (!first) this.unit(0x2c);
      first = false;
      this.text(this.quotedKey(key));
      this.unit(0x3a);
      this.unit(0x22);
      if (hash < 0) this.unit(0x21);
      this.base36(hash < 0 ? -hash - 1 : hash);
      this.unit(0x22);
    });
    this.text("}}");
  }

  /** Ends the bucket: its fingerprint, as `textHash` gives for its text. */
  end(): number {
    this.unit(0x7d);
    return unitsHash(this.units, this.length);
  }

  /** The bucket's text, as a string: of one byte per character when every character fits one, as JSON.stringify's would be (half the memory). */
  toString(): string {
    const units = this.units.subarray(0, this.length);
    return this.wide ? Buffer.from(units.buffer, 0, this.length * 2).toString("utf16le") : Buffer.from(units).toString("latin1");
  }

  private quotedKey(key: string): string {
    let quoted = this.quoted.get(key);
    if (quoted === undefined) {
      quoted = JSON.stringify(key);
      this.quoted.set(key, quoted);
    }
    return quoted;
  }

  private room(count: number): void {
    if (this.length + count <= this.units.length) return;
    const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + count));
    grown.set(this.units.subarray(0, this.length));
    this.units = grown;
  }

  private unit(code: number): void {
    this.room(1);
    this.units[this.length++] = code;
  }

  private text(text: string): void {
    this.room(text.length);
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code > 0xff) this.wide = true;
      this.units[this.length++] = code;
    }
  }

  /** A number as JSON writes it: whole numbers digit by digit, any other through JSON. */
  private number(value: number): void {
    if (Number.isSafeInteger(value) && value >= 0) this.whole(value, 10);
    else this.text(JSON.stringify(value));
  }

  /** A fingerprint's digits as earlier versions wrote them (`n.toString(36)`). */
  private base36(value: number): void {
    if (Number.isSafeInteger(value) && value >= 0) this.whole(value, 36);
    else this.text(value.toString(36));
  }

  /**
   * A whole number below 2^53 in a radix, as `toString(radix)` writes it: its low digits as a
   * 32-bit integer, so the digits are made with integer division instead of a double's.
   */
  private whole(value: number, radix: number): void {
    const lowSpan = radix ** 5;
    let high = Math.floor(value / lowSpan);
    let low = value - high * lowSpan;
    let count = 0;
    for (let digit = 0; digit < 5 && (high > 0 || low > 0 || count === 0); digit++) {
      this.digits[count++] = DIGITS.charCodeAt(low % radix);
      low = (low / radix) | 0;
    }
    while (high > 0) {
      this.digits[count++] = DIGITS.charCodeAt(high % radix);
      high = Math.floor(high / radix);
    }
    this.room(count);
    while (count > 0) this.units[this.length++] = this.digits[--count]!;
  }
}

/** A stored base row as JSON.parse reads it (any text not in the form above is read this way). */
interface StoredRow {
  version: number;
  row: number;
  hashes: Record<string, string>;
}

/** Raised by the scanner where the text is not in the form it reads; the bucket is then parsed whole. */
class NotScanned extends Error {}

/**
 * Puts every row of a bucket's text into the base state. A text the scanner cannot read is read
 * whole by JSON.parse, whose rows replace any the scanner had put (the same ids, from the same text).
 */
export function readBucket(text: string, base: BaseState): void {
  try {
    new BucketScanner(text, base).rows();
  } catch (error) {
    if (!(error instanceof NotScanned)) throw error;
    for (const [id, row] of Object.entries(JSON.parse(text) as Record<string, StoredRow>)) {
      const hashes: Record<string, number> = {};
      for (const key in row.hashes) hashes[key] = hashFromStored(String(row.hashes[key]));
      base.set(id, { version: row.version, row: row.row, hashes });
    }
  }
}

/** Reads the form BucketWriter writes, straight into the base state: no object per row, no string per fingerprint. */
class BucketScanner {
  private at = 0;
  /** The field keys of the row being read (and their quoted text), by position: rows of a tab list the same keys in the same order, so each is read once. */
  private readonly keys: string[] = [];
  private readonly quotedKeys: string[] = [];
  private rowHashes = new Float64Array(32);
  private readonly codes: number[] = [];

  constructor(
    private readonly text: string,
    private readonly base: BaseState,
  ) {}

  rows(): void {
    this.expect("{");
    if (this.peek() === 0x7d) return this.close();
    for (;;) {
      const id = this.string();
      this.expect(`:{"version":`);
      const version = this.whole();
      this.expect(`,"row":`);
      const row = this.whole();
      this.expect(`,"hashes":{`);
      let count = 0;
      if (this.peek() !== 0x7d) {
        for (;;) {
          this.key(count);
          this.expect(`:"`);
          if (count === this.rowHashes.length) this.grow();
          this.rowHashes[count++] = this.fingerprint();
          if (this.peek() !== 0x2c) break;
          this.at++;
        }
      }
      this.expect("}}");
      this.base.setFields(id, version, row, this.keys, this.rowHashes, count);
      if (this.peek() !== 0x2c) break;
      this.at++;
    }
    this.close();
  }

  private close(): void {
    this.expect("}");
    if (this.at !== this.text.length) throw new NotScanned();
  }

  private peek(): number {
    return this.text.charCodeAt(this.at);
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.at)) throw new NotScanned();
    this.at += literal.length;
  }

  /**
   * A JSON string without escapes (one with them is left to JSON.parse), as a string of its own:
   * a slice would keep the whole bucket's text alive for as long as the base state keeps its ids.
   */
  private string(): string {
    if (this.peek() !== 0x22) throw new NotScanned();
    const end = this.text.indexOf('"', this.at + 1);
    if (end < 0) throw new NotScanned();
    const codes = this.codes;
    codes.length = 0;
    for (let index = this.at + 1; index < end; index++) {
      const code = this.text.charCodeAt(index);
      if (code === 0x5c) throw new NotScanned();
      codes.push(code);
    }
    this.at = end + 1;
    return String.fromCharCode.apply(null, codes);
  }

  /** Reads the field key at a position of a row into `keys`: the previous row's key there when the text repeats it, else read anew. */
  private key(position: number): void {
    const quoted = this.quotedKeys[position];
    if (quoted !== undefined && this.text.startsWith(quoted, this.at)) {
      this.at += quoted.length;
      return;
    }
    const start = this.at;
    this.keys[position] = this.string();
    this.quotedKeys[position] = this.text.slice(start, this.at);
  }

  /** A whole number written in decimal digits (anything else, such as a fraction, is left to JSON.parse). */
  private whole(): number {
    const start = this.at;
    let value = 0;
    for (let code = this.peek(); code >= 0x30 && code <= 0x39; code = this.peek()) {
      value = value * 10 + (code - 0x30);
      this.at++;
    }
    if (this.at === start || this.at - start > 15) throw new NotScanned();
    return value;
  }

  /** A fingerprint's text up to its closing quote, read as `hashFromStored` reads it. */
  private fingerprint(): number {
    const end = this.text.indexOf('"', this.at);
    if (end < 0) throw new NotScanned();
    const refused = this.peek() === 0x21;
    const start = refused ? this.at + 1 : this.at;
    let value = end - start >= 1 && end - start <= 11 ? 0 : NaN;
    for (let index = start; index < end && !Number.isNaN(value); index++) {
      const code = this.text.charCodeAt(index);
      const digit = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x7a ? code - 0x61 + 10 : -1;
      value = digit < 0 ? NaN : value * 36 + digit;
    }
    // Above 2^53 (never a fingerprint) the digits are read exactly as hashFromStored reads them.
    if (value > Number.MAX_SAFE_INTEGER) value = hashFromStored(this.text.slice(start, end));
    this.at = end + 1;
    return refused ? -value - 1 : value;
  }

  private grow(): void {
    const grown = new Float64Array(this.rowHashes.length * 2);
    grown.set(this.rowHashes);
    this.rowHashes = grown;
  }
}
