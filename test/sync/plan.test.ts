// The planner over plain data: header lookup, three-way merge, problems, new, deleted and
// duplicated rows, and what the render step writes back. No emulator needed.
import { describe, expect, it } from "vitest";
import type { CellValue, UnitNames } from "../../sheets/layout/cells.js";
import { resolveLayout } from "../../sheets/layout/columns.js";
import { INNOVATION_FIELDS } from "../../sheets/layout/fields.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { fieldHash } from "../../sheets/sync/hash.js";
import { planTarget, type StoredRecord } from "../../sheets/sync/plan.js";
import { renderTarget, type RowOutcome } from "../../sheets/sync/render.js";
import { BaseState } from "../../sheets/sync/base.js";
import { parseRows } from "../../sheets/sync/rows.js";

const units: UnitNames = {
  nameOf: (id) => ({ dinkes: "Dinkes", dispenduk: "Dispendukcapil" })[id],
  idOf: (text) => ({ dinkes: "dinkes", dispendukcapil: "dispenduk" })[text.trim().toLowerCase()],
};
const scope = { kind: "innovations" as const, units: ["dinkes"] };
const HEADERS = ["ID", "Nama Inovasi", "Unit", "Tahap", "Jenis", "Bentuk", "Inisiator", "Anggaran", "Status Sinkron"];

function record(id: string, overrides: Record<string, unknown> = {}): StoredRecord {
  return {
    id,
    version: 1,
    name: `Inovasi ${id}`,
    unitId: "dinkes",
    stage: "drum_up",
    jenis: "digital",
    bentuk: "pelayanan_publik",
    initiator: "opd",
    budget: null,
    status: "aktif",
    ...overrides,
  };
}

function rowOf(r: StoredRecord, overrides: Partial<Record<string, CellValue>> = {}): CellValue[] {
  const cells: Record<string, CellValue> = {
    ID: r.id,
    "Nama Inovasi": r.name as string,
    Unit: "Dinkes",
    Tahap: "Drum-up",
    Jenis: "Digital",
    Bentuk: "Inovasi pelayanan publik",
    Inisiator: "OPD",
    Anggaran: (r.budget as number | null) ?? "",
    "Status Sinkron": STATUS.ok,
    ...overrides,
  };
  return HEADERS.map((header) => cells[header] ?? "");
}

function baseOf(layoutHeaders: string[], records: StoredRecord[]): BaseState {
  const layout = resolveLayout("innovations", layoutHeaders);
  return BaseState.from(
    records.map((r, index) => [
      r.id,
      { version: r.version, row: index + 2, hashes: Object.fromEntries(layout.fields.map(({ def }) => [def.key, fieldHash(def.read(r))])) },
    ]),
  );
}

function run(values: CellValue[][], records: StoredRecord[], base: BaseState, options: { changed?: string[]; outcomes?: Map<number, RowOutcome> } = {}) {
  const layout = resolveLayout("innovations", values[0] as string[]);
  const rows = parseRows(layout, values, units);
  const byId = new Map(records.map((r) => [r.id, r]));
  let next = 0;
  const plan = planTarget({ scope, layout, rows, base, records: byId, changedIds: new Set(options.changed ?? []), newId: () => `INO-NEW${++next}XYZ`, today: "2026-11-27" });
  const render = (after: Map<string, StoredRecord>, outcomes = options.outcomes ?? new Map()) =>
    renderTarget({ scope, layout, rows, plan, base, records: after, outcomes, writtenIds: new Set(), appendCandidates: after.values(), archived: new Set(plan.archives), units });
  return { layout, rows, plan, render };
}

describe("columns are found by header, never by position", () => {
  it("reordered columns, aliases, staff columns", () => {
    const layout = resolveLayout("innovations", ["Catatan staf", "Status Sinkron", "Judul Inovasi", "=SUM(A:A)", "OPD", "ID", "Anggaran (Rp)"]);
    expect(layout.missing).toEqual([]);
    expect(layout.idColumn).toBe(5);
    expect(layout.statusColumn).toBe(1);
    expect(Object.fromEntries(layout.fields.map((field) => [field.def.key, field.column]))).toEqual({ name: 2, unitId: 4, budget: 6 });
  });

  it("a missing required header is reported", () => {
    expect(resolveLayout("innovations", ["Nama Inovasi", "Unit"]).missing).toEqual(["ID", "Status Sinkron"]);
    expect(resolveLayout("programs", ["ID", "Status Sinkron"]).missing).toEqual(["Nama Program"]);
  });

  it("every field has a distinct header and alias", () => {
    const names = INNOVATION_FIELDS.flatMap((field) => [field.header, ...field.aliases].map((name) => name.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("three-way merge", () => {
  const a = record("INO-AAAAAAA1");
  const base = baseOf(HEADERS, [a]);

  it("unchanged on both sides: nothing read, nothing written", () => {
    const { plan, render } = run([HEADERS, rowOf(a)], [a], base);
    expect(plan.touched.size).toBe(0);
    expect(plan.updates).toEqual([]);
    expect(render(new Map([[a.id, a]])).cells).toEqual([]);
  });

  it("changed only in the sheet: a patch with the expected version", () => {
    const { plan } = run([HEADERS, rowOf(a, { "Nama Inovasi": "Nama baru", Anggaran: "Rp 2.000.000" })], [a], base);
    expect(plan.updates).toEqual([{ rowNumber: 2, id: a.id, patch: { name: "Nama baru", budget: 2000000 }, expectedVersion: 1, conflicts: [] }]);
  });

  it("changed only in Firestore: no record write, the cell is rewritten", () => {
    const changed = { ...a, version: 2, stage: "diagnose" };
    const { plan, render } = run([HEADERS, rowOf(a)], [changed], base, { changed: [a.id] });
    expect(plan.updates).toEqual([]);
    const { cells, base: next } = render(new Map([[a.id, changed]]));
    expect(cells).toEqual([{ row: 2, column: 3, value: "Diagnose" }]);
    expect(next.get(a.id)!.version).toBe(2);
  });

  it("changed on both sides to the same value: no write at all, base moves on", () => {
    const changed = { ...a, version: 2, name: "Sama" };
    const { plan, render } = run([HEADERS, rowOf(a, { "Nama Inovasi": "Sama" })], [changed], base, { changed: [a.id] });
    expect(plan.updates).toEqual([]);
    const result = render(new Map([[a.id, changed]]));
    expect(result.cells).toEqual([]);
    expect(result.baseChanged).toBe(true);
  });

  it("conflict: the sheet's value wins, the record's value is reported as lost", () => {
    const changed = { ...a, version: 2, name: "Dari sistem" };
    const { plan, render } = run([HEADERS, rowOf(a, { "Nama Inovasi": "Dari sheet" })], [changed], base, { changed: [a.id] });
    expect(plan.updates[0]).toMatchObject({ patch: { name: "Dari sheet" }, expectedVersion: 2, conflicts: [{ field: "name", lost: "Dari sistem" }] });
    const after = { ...changed, version: 3, name: "Dari sheet" };
    const outcomes = new Map([[2, { problems: [], conflicts: plan.updates[0]!.conflicts, created: false, retry: false }]]);
    const { cells } = render(new Map([[a.id, after]]), outcomes);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.value).toMatch(/Bentrok.*"Nama Inovasi" sebelumnya "Dari sistem"/);
  });

  it("a bad cell is not applied, keeps its text, and the status names the column", () => {
    const { plan, render } = run([HEADERS, rowOf(a, { Jenis: "analog", "Nama Inovasi": "Baru" })], [a], base);
    expect(plan.updates[0]!.patch).toEqual({ name: "Baru" });
    const after = { ...a, version: 2, name: "Baru" };
    const { cells, base: next } = render(new Map([[a.id, after]]));
    expect(cells).toEqual([{ row: 2, column: 8, value: expect.stringMatching(/^⚠ Perlu diperbaiki: kolom "Jenis": pilih salah satu/) }]);
    // The base keeps the last valid value, so the cell is checked again next run.
    expect(next.get(a.id)!.hashes.jenis).toBe(base.get(a.id)!.hashes.jenis);
  });

  it("a fixed cell clears the message", () => {
    const { render } = run([HEADERS, rowOf(a, { "Status Sinkron": "⚠ Perlu diperbaiki: kolom \"Jenis\"" })], [a], base);
    expect(render(new Map([[a.id, a]])).cells).toEqual([{ row: 2, column: 8, value: STATUS.ok }]);
  });
});

describe("rows that come and go", () => {
  const a = record("INO-AAAAAAA1");
  const b = record("INO-BBBBBBB2");
  const base = baseOf(HEADERS, [a, b]);

  it("a new row gets an id and a create; an incomplete one only a status", () => {
    const fresh = ["", "Inovasi baru", "", "", "Digital", "Inovasi pelayanan publik", "OPD", "", ""];
    const incomplete = ["", "Tanpa jenis", "", "", "", "", "", "", ""];
    const { plan } = run([HEADERS, rowOf(a), rowOf(b), fresh, incomplete], [a, b], base);
    expect(plan.creates).toEqual([
      {
        rowNumber: 4,
        id: "INO-NEW1XYZ",
        assignId: true,
        fields: { stage: "drum_up", status: "aktif", name: "Inovasi baru", jenis: "digital", bentuk: "pelayanan_publik", initiator: "opd", budget: null, unitId: "dinkes" },
      },
    ]);
    expect(plan.statusOnly.get(5)).toBe('⚠ Perlu diperbaiki: kolom "Jenis", "Bentuk" dan "Inisiator": wajib diisi. Baris ini belum disimpan sebagai data baru.');
  });

  it("a row that disappears archives its record", () => {
    const { plan } = run([HEADERS, rowOf(b)], [a, b], base);
    expect(plan.archives).toEqual([a.id]);
  });

  it("a copied row with the same ID: the row the base knows keeps it, the copy is told", () => {
    const { plan } = run([HEADERS, rowOf(a), rowOf(b), rowOf(a, { "Nama Inovasi": "salinan" })], [a, b], base);
    expect(plan.statusOnly.get(4)).toBe(STATUS.duplicateId(2));
    expect(plan.updates).toEqual([]);
    expect(plan.archives).toEqual([]);
  });

  it("records new to the tab are appended below the last row", () => {
    const c = record("INO-CCCCCCC3");
    const { render } = run([HEADERS, rowOf(a), rowOf(b)], [a, b, c], base, { changed: [c.id] });
    const { cells, added, base: after } = render(new Map([[a.id, a], [b.id, b], [c.id, c]]));
    expect(added.map((record) => record.id)).toEqual([c.id]);
    expect(cells).toEqual([]);
    expect(after.get(c.id)?.row).toBe(4);
  });

  it("a record moved to another unit is no longer synced in this tab", () => {
    const moved = { ...a, version: 2, unitId: "dispenduk" };
    const { plan, render } = run([HEADERS, rowOf(a), rowOf(b)], [moved, b], base, { changed: [a.id] });
    expect(plan.updates).toEqual([]);
    const result = render(new Map([[a.id, moved], [b.id, b]]));
    expect(result.cells).toEqual([{ row: 2, column: 8, value: STATUS.otherUnit("Dispendukcapil") }]);
    expect(result.base.has(a.id)).toBe(false);
  });
});
