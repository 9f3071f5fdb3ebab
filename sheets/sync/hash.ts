// Short, stable fingerprints of field values: the base state keeps these instead of values,
// so that the state of 50,000 rows fits in a few Firestore documents.

/** JSON with object keys sorted, so that equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
}

/** cyrb53: a fast 53-bit string hash; collisions are not a security matter here. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  return cyrb53Final(h1, h2);
}

/** `cyrb53` of the first `length` code units of a buffer, as of the string they spell (bucketText.ts builds its texts this way). */
export function unitsHash(units: Uint16Array, length: number): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < length; index++) {
    const code = units[index]!;
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  return cyrb53Final(h1, h2);
}

function cyrb53Final(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const QUOTE = 0x22;

/**
 * `cyrb53(JSON.stringify(text))` without making the quoted copy: text JSON writes as is (no
 * quote, backslash, control character or surrogate) is hashed between two quotes in place.
 */
function quotedTextHash(text: string): number {
  let h1 = Math.imul(0xdeadbeef ^ QUOTE, 2654435761);
  let h2 = Math.imul(0x41c6ce57 ^ QUOTE, 1597334677);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === QUOTE || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return cyrb53(JSON.stringify(text));
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  return cyrb53Final(Math.imul(h1 ^ QUOTE, 2654435761), Math.imul(h2 ^ QUOTE, 1597334677));
}

/** A value's fingerprint as earlier versions computed it: cyrb53 of its stable JSON. */
function valueFingerprint(value: unknown): number {
  return typeof value === "string" ? quotedTextHash(value) : cyrb53(stableStringify(value));
}

/**
 * Short values repeat across a tab (choices, units, dates, blanks): their fingerprints are kept,
 * a bounded memo that is simply emptied when full.
 */
const recent = new Map<unknown, number>();
const RECENT_MAX = 20_000;

/**
 * A field value's fingerprint as a number (53 bits): what the sync compares and keeps in memory,
 * 8 bytes in a typed array instead of a string per field.
 */
export function fieldHash(value: unknown, memoise = true): number {
  const memo = memoise && (value === null || value === undefined || typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && value.length <= 40));
  if (!memo) return valueFingerprint(value);
  let hash = recent.get(value);
  if (hash === undefined) {
    if (recent.size >= RECENT_MAX) recent.clear();
    hash = valueFingerprint(value);
    recent.set(value, hash);
  }
  return hash;
}

/** The fingerprint of a cell that was refused, from what was typed: negative, so it never equals a value's. */
export function refusedHash(cell: unknown): number {
  return -fieldHash(cell ?? null) - 1;
}

/** A stored fingerprint read back; text in no known form reads as NaN, which equals nothing (the field counts as changed). */
export function hashFromStored(text: string): number {
  const refused = text.startsWith("!");
  const digits = refused ? text.slice(1) : text;
  const hash = /^[0-9a-z]{1,11}$/.test(digits) ? parseInt(digits, 36) : NaN;
  return refused ? -hash - 1 : hash;
}

export function valueHash(value: unknown): string {
  return fieldHash(value).toString(36);
}

export function textHash(text: string): number {
  return cyrb53(text);
}
