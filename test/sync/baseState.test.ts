// The base state in Firestore keeps its text fingerprints (base 36, "!" for a refused cell) while a
// run holds them as numbers: a base stored by any earlier version reads as the same fingerprints,
// and what a run writes back is the text an earlier version would have written, so an instance
// still running the older code during a deploy reads it alike.
import { afterAll, describe, expect, it } from "vitest";
import { fieldHash, hashFromStored, refusedHash, textHash, valueHash } from "../../sheets/sync/hash.js";
import { BucketWriter, readBucket } from "../../sheets/sync/bucketText.js";
import { BaseState } from "../../sheets/sync/base.js";
import { loadTargetState, saveTargetState, SYNC_BASE } from "../../sheets/sync/state.js";
import { testDatabase } from "../support/firestore.js";

const database = testDatabase();
const { db } = database;
afterAll(async () => {
  await database.clear();
  await db.terminate();
});

/** A bucket as earlier versions stored it: JSON.stringify of the rows, sorted by id, fingerprints as text. */
function storedText(rows: Record<string, { version: number; row: number; hashes: Record<string, string> }>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(rows).sort(([a], [b]) => (a < b ? -1 : 1))));
}

const OLD_ROWS = {
  "INO-BBBBBBBBBB": { version: 2, row: 3, hashes: { name: valueHash("Dua"), urusan: valueHash("kesehatan"), budget: valueHash(null) } },
  "INO-AAAAAAAAAA": { version: 5, row: 2, hashes: { name: valueHash("Satu"), urusan: `!${valueHash("urusan yang tidak ada")}`, budget: valueHash(1_000_000) } },
};

async function storeOldBase(targetId: string): Promise<string> {
  const text = storedText(OLD_ROWS);
  await db.collection(SYNC_BASE).doc(`${targetId}__meta`).set({ targetId, cursor: "2026-11-01T00:00:00.000Z", bucketCount: 1 });
  await db.collection(SYNC_BASE).doc(`${targetId}__b0`).set({ targetId, bucket: 0, rows: text });
  return text;
}

async function bucketText(targetId: string): Promise<string> {
  return (await db.collection(SYNC_BASE).doc(`${targetId}__b0`).get()).get("rows") as string;
}

describe("base state stored by an earlier version", () => {
  it("reads as the fingerprints a run computes now, refused cells included", async () => {
    await storeOldBase("old-read");
    const state = await loadTargetState(db, "old-read");
    expect(state.cursor).toBe("2026-11-01T00:00:00.000Z");
    expect(state.base.get("INO-AAAAAAAAAA")).toEqual({ version: 5, row: 2, hashes: { name: fieldHash("Satu"), urusan: refusedHash("urusan yang tidak ada"), budget: fieldHash(1_000_000) } });
    expect(state.base.get("INO-BBBBBBBBBB")!.hashes.budget).toBe(fieldHash(null));
  });

  it("is written back as the same text: unchanged rows rewrite no bucket, a changed row only its own value", async () => {
    const original = await storeOldBase("old-write");
    const state = await loadTargetState(db, "old-write");
    // Copies of every row (as a run makes them): the bucket is serialised again and found unchanged.
    const copies = BaseState.from([...state.base].map(([id, row]) => [id, { ...row, hashes: { ...row.hashes } }]));
    const unchanged = await saveTargetState(db, "old-write", state, copies, "2026-11-02T00:00:00.000Z");
    expect(unchanged.writes).toBe(1); // the cursor only
    expect(await bucketText("old-write")).toBe(original);

    const edited = unchanged.state.base.copy();
    const row = edited.get("INO-BBBBBBBBBB")!;
    edited.set("INO-BBBBBBBBBB", { ...row, version: 3, hashes: { ...row.hashes, urusan: fieldHash("pendidikan") } });
    const saved = await saveTargetState(db, "old-write", unchanged.state, edited, "2026-11-03T00:00:00.000Z");
    expect(saved.writes).toBe(2);
    const expected = storedText({ ...OLD_ROWS, "INO-BBBBBBBBBB": { ...OLD_ROWS["INO-BBBBBBBBBB"], version: 3, hashes: { ...OLD_ROWS["INO-BBBBBBBBBB"].hashes, urusan: valueHash("pendidikan") } } });
    expect(await bucketText("old-write")).toBe(expected);
  });

  it("a fingerprint in no known form equals nothing, so its field counts as changed", () => {
    expect(hashFromStored("not a hash!")).toBeNaN();
    expect(hashFromStored("!")).toBeNaN();
    expect(hashFromStored(valueHash("Satu"))).toBe(fieldHash("Satu"));
  });

  it("a fingerprint is written as the text earlier versions wrote, for every size of number", () => {
    const values: unknown[] = [null, "", "Satu", 0, 1_000_000, "kesehatan", ["a", "b"], { name: "x" }, ...Array.from({ length: 200 }, (_, index) => `nilai ${index}`)];
    const hashes = Object.fromEntries(values.flatMap((value, index) => [[`f${index}`, fieldHash(value)], [`r${index}`, refusedHash(value)]]));
    const wholes = { zero: 0, one: 35, two: 36, five: 36 ** 5 - 1, six: 36 ** 5, top: 2 ** 53 - 1 };
    const base = BaseState.from([["INO-1", { version: 100_000, row: 99_999, hashes: { ...hashes, ...wholes } }]]);
    const text = bucketOf(base);
    const storedHashes = Object.fromEntries([
      ...values.flatMap((value, index) => [[`f${index}`, valueHash(value)], [`r${index}`, `!${valueHash(value ?? null)}`]]),
      ...Object.entries(wholes).map(([key, whole]) => [key, whole.toString(36)]),
    ]);
    expect(text).toBe(storedText({ "INO-1": { version: 100_000, row: 99_999, hashes: storedHashes } }));
  });
});

/** A base state's rows as one bucket's stored text, and its fingerprint. */
function bucketOf(base: BaseState): string {
  const writer = new BucketWriter();
  writer.begin();
  for (const id of [...base.keys()].sort()) writer.row(id, base, base.slotOf(id)!);
  writer.end();
  return writer.toString();
}

describe("a bucket's text", () => {
  const rows = Object.fromEntries(
    Array.from({ length: 300 }, (_, index) => [
      `INO-${String(index).padStart(6, "0")}`,
      // Rows with different fields, as a tab whose columns changed leaves them.
      { version: index, row: index + 2, hashes: Object.fromEntries(Array.from({ length: 5 + (index % 4) }, (_, field) => [`field${(field * 7 + index) % 9}`, index % 5 === 0 ? refusedHash(field) : fieldHash(`${index}:${field}`)])) },
    ]),
  );

  it("is read back as the rows written, and written again as the same text", () => {
    const text = bucketOf(BaseState.from(Object.entries(rows)));
    const read = new BaseState();
    readBucket(text, read);
    expect(Object.fromEntries(read)).toEqual(rows);
    expect(bucketOf(read)).toBe(text);
  });

  it("has the fingerprint textHash gives for its text, so a bucket stored by earlier code compares equal", () => {
    const writer = new BucketWriter();
    writer.begin();
    const base = BaseState.from(Object.entries(rows));
    for (const id of [...base.keys()].sort()) writer.row(id, base, base.slotOf(id)!);
    expect(writer.end()).toBe(textHash(writer.toString()));
  });

  it("in a form other than the one written (escapes, another key order, fractions) is read as JSON.parse reads it", () => {
    const odd: Record<string, unknown> = {
      'INO-"quoted"': { version: 1, row: 2, hashes: { name: valueHash("a") } },
      "INO-order": { row: 3, version: 2, hashes: { name: valueHash("b") } },
      "INO-fraction": { version: 1.5, row: 4, hashes: { name: "!" + valueHash("c"), other: "not a hash!" } },
      "INO-plain": { version: 7, row: 5, hashes: {} },
    };
    // The escaped id comes last, so the scanner has put the rows before it when it gives up.
    for (const text of [JSON.stringify(odd), JSON.stringify(Object.fromEntries(Object.entries(odd).reverse()))]) {
      const read = new BaseState();
      readBucket(text, read);
      expect(read.size).toBe(4);
      expect(read.get('INO-"quoted"')).toEqual({ version: 1, row: 2, hashes: { name: fieldHash("a") } });
      expect(read.get("INO-order")).toEqual({ version: 2, row: 3, hashes: { name: fieldHash("b") } });
      expect(read.get("INO-fraction")!.version).toBe(1.5);
      expect(read.get("INO-fraction")!.hashes.name).toBe(refusedHash("c"));
      expect(read.get("INO-fraction")!.hashes.other).toBeNaN();
      expect(read.get("INO-plain")).toEqual({ version: 7, row: 5, hashes: {} });
    }
  });

  it("that is not JSON at all fails loudly instead of reading as an empty base", () => {
    expect(() => readBucket('{"INO-1":{"version":1,', new BaseState())).toThrow(SyntaxError);
  });
});
