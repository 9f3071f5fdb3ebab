// The compact base state (one typed array for every row's fingerprints) answers as the map of
// objects it replaced: what a row was set to, a field it never had, a copy changed apart from
// its origin, and which rows a save must look at.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BaseState, type BaseRow } from "../../sheets/sync/base.js";
import { fieldHash, refusedHash, stableStringify, textHash } from "../../sheets/sync/hash.js";
import { resolveLayout } from "../../sheets/layout/columns.js";
import { parseRows } from "../../sheets/sync/rows.js";
import type { UnitNames } from "../../sheets/layout/cells.js";

const row = (version: number, rowNumber: number, hashes: Record<string, number>): BaseRow => ({ version, row: rowNumber, hashes });

describe("compact base state", () => {
  it("gives back each row as set, a field added later only on the rows that have it", () => {
    const base = BaseState.from([
      ["INO-A", row(1, 2, { name: fieldHash("Satu"), urusan: refusedHash("x") })],
      ["INO-B", row(4, 3, { name: fieldHash("Dua"), urusan: fieldHash("kesehatan"), budget: fieldHash(5) })],
    ]);
    expect(base.get("INO-A")).toEqual(row(1, 2, { name: fieldHash("Satu"), urusan: refusedHash("x") }));
    expect(base.get("INO-B")).toEqual(row(4, 3, { name: fieldHash("Dua"), urusan: fieldHash("kesehatan"), budget: fieldHash(5) }));
    expect(base.hashOf("INO-A", "budget")).toBeUndefined();
    expect(base.hashOf("INO-C", "name")).toBeUndefined();
    expect([...base.keys()]).toEqual(["INO-A", "INO-B"]);
  });

  it("holds more than 32 fields a row, NaN from an unreadable stored fingerprint included", () => {
    const hashes = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`field${index}`, fieldHash(index)]));
    const base = BaseState.from([["INO-A", row(1, 2, { ...hashes, field39: NaN })]]);
    expect(base.get("INO-A")!.hashes.field38).toBe(fieldHash(38));
    expect(base.get("INO-A")!.hashes.field39).toBeNaN();
  });

  it("a copy changes apart from its origin and knows which rows it set, moved or dropped", () => {
    const origin = BaseState.from(Array.from({ length: 100 }, (_, index): [string, BaseRow] => [`INO-${index}`, row(1, index + 2, { name: fieldHash(index) })]));
    const copy = origin.copy();
    copy.set("INO-5", row(2, 7, { name: fieldHash("baru") }));
    copy.setRow("INO-6", 50);
    copy.setRow("INO-7", 9); // where it already is: nothing changes
    copy.delete("INO-8");
    copy.set("INO-NEW", row(1, 102, { name: fieldHash("baru"), budget: fieldHash(1) }));
    expect(origin.get("INO-5")).toEqual(row(1, 7, { name: fieldHash(5) }));
    expect(origin.get("INO-6")!.row).toBe(8);
    expect(origin.has("INO-8")).toBe(true);
    expect(origin.has("INO-NEW")).toBe(false);
    expect(copy.get("INO-5")).toEqual(row(2, 7, { name: fieldHash("baru") }));
    expect(copy.get("INO-6")!.row).toBe(50);
    expect(copy.has("INO-8")).toBe(false);
    expect(copy.size).toBe(100);
    expect([...copy.changedSince(origin)!].sort()).toEqual(["INO-5", "INO-6", "INO-8", "INO-NEW"]);
    expect(copy.changedSince(copy.copy())).toBeNull();
  });

  it("a sheet row differs from its base when any field does, or the base lacks the field or the record", () => {
    const layout = resolveLayout("innovations", ["ID", "Nama Inovasi", "Urusan", "Status Sinkron"]);
    const units: UnitNames = { nameOf: () => undefined, idOf: () => undefined };
    const [same, edited, unknown] = parseRows(layout, [["ID", "Nama Inovasi", "Urusan", "Status Sinkron"], ["INO-A", "Satu", "kesehatan", ""], ["INO-B", "Dua (diubah)", "kesehatan", ""], ["INO-C", "Tiga", "", ""]], units);
    const base = BaseState.from([
      ["INO-A", row(1, 2, { name: fieldHash("Satu"), urusan: fieldHash("kesehatan"), gone: fieldHash("kolom dihapus") })],
      ["INO-B", row(1, 3, { name: fieldHash("Dua"), urusan: fieldHash("kesehatan") })],
      ["INO-C", row(1, 4, { name: fieldHash("Tiga") })],
    ]);
    expect(base.differsFrom(same!.id, same!.hashes)).toBe(false);
    expect(base.differsFrom(edited!.id, edited!.hashes)).toBe(true);
    expect(base.differsFrom(unknown!.id, unknown!.hashes)).toBe(true); // no base fingerprint for Urusan
    expect(base.differsFrom("INO-Z", same!.hashes)).toBe(true);
  });

  it("a text's fingerprint is cyrb53 of its JSON, as every earlier version computed it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.constantFrom("", 'a"b', "\\", "\n", "✓", "\ud800", "a\udc00b")), (text) => {
        expect(fieldHash(text, false)).toBe(textHash(JSON.stringify(text)));
        expect(fieldHash(text)).toBe(textHash(stableStringify(text)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the column memo of the pass that fingerprints every row", () => {
  it("a repeated list cell gets the fingerprint of its own parse, and each row still parses its own list", () => {
    const headers = ["ID", "Nama Inovasi", "Tim", "Bukti Dukung", "Status Sinkron"];
    const layout = resolveLayout("innovations", headers);
    const units: UnitNames = { nameOf: () => undefined, idOf: () => undefined };
    const team = "Ani Lestari"; // short: the column memo keeps it
    const grid = [headers, ...Array.from({ length: 30 }, (_, index) => [`INO-${index}`, `Inovasi ${index}`, index % 3 === 0 ? team : "", "", ""])];
    const rows = parseRows(layout, grid, units);
    const alone = (index: number) => parseRows(layout, [headers, grid[index + 1]!], units)[0]!;
    for (const index of [0, 1, 2, 3, 29]) {
      expect([...rows[index]!.hashes]).toEqual([...alone(index).hashes]);
      expect(rows[index]!.blank.has("team")).toBe(index % 3 !== 0);
      expect(rows[index]!.blank.has("evidenceLinks")).toBe(true);
    }
    const [first, second] = [rows[0]!.values.get("team")!, rows[3]!.values.get("team")!];
    expect(first).toEqual(second);
    expect(first.ok && second.ok && first.value !== second.value).toBe(true);
  });
});

