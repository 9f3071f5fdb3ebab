// The base state in Firestore keeps its text fingerprints (base 36, "!" for a refused cell) while a
// run holds them as numbers: a base stored by any earlier version reads as the same fingerprints,
// and what a run writes back is the text an earlier version would have written, so an instance
// still running the older code during a deploy reads it alike.
import { afterAll, describe, expect, it } from "vitest";
import { fieldHash, hashFromStored, refusedHash, storedHash, valueHash } from "../../sheets/sync/hash.js";
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
    for (const value of values) {
      expect(storedHash(fieldHash(value))).toBe(valueHash(value));
      expect(storedHash(refusedHash(value))).toBe(`!${valueHash(value ?? null)}`);
    }
    for (const whole of [0, 35, 36, 2 ** 53 - 1]) expect(storedHash(whole)).toBe(whole.toString(36));
  });
});
