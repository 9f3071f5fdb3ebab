// What staff type into a synced sheet, through the emulator's USER_ENTERED parsing and a real
// sync run: the value stored, or a status naming the column and what to write. The cases of
// issue 11 ("every value staff type means what an Indonesian office worker meant").
import { describe, expect, it } from "vitest";
import { resolveLayout } from "../../sheets/layout/columns.js";
import { initTarget } from "../../sheets/init.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { parseRows } from "../../sheets/sync/rows.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, syncedProgramSheet, newSpreadsheet, readTab, tabRows, takeCounts, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

async function innovationSheet() {
  const spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId });
  await initTarget(world.deps, target.id);
  await world.stores.innovations.create("INO-AAAAAAA1", innovationFields({ name: "Si-Pintar", budget: 2500000 }), testActor);
  await syncSpreadsheet(world.deps, spreadsheetId);
  const header = (await readTab(world, spreadsheetId))[0]!;
  takeCounts(world);
  return { spreadsheetId, col: (name: string) => columnOf(header, name) };
}

async function programSheet() {
  const { spreadsheetId, header } = await syncedProgramSheet(world);
  return { spreadsheetId, col: (name: string) => columnOf(header, name) };
}

describe("typed into an innovation sheet, stored as meant", () => {
  it.each<[string, string, string, unknown]>([
    ["Waktu Uji Coba", "5 Januari 2026", "trialDate", "2026-01-05"],
    ["Waktu Uji Coba", "17 Agustus 2026", "trialDate", "2026-08-17"],
    ["Waktu Uji Coba", "5 Jan 2026", "trialDate", "2026-01-05"],
    ["Waktu Uji Coba", "17 Agt 2026", "trialDate", "2026-08-17"],
    ["Waktu Penerapan", "17 Agu 2026", "inUseDate", "2026-08-17"],
    ["Waktu Uji Coba", "2026/01/05", "trialDate", "2026-01-05"],
    ["Anggaran", "Rp 1.500.000,-", "budget", 1500000],
    ["Anggaran", "Rp1,5 juta", "budget", 1500000],
    ["Anggaran", "1500000,5", "budget", 1500000.5],
    ["Tim", "Budi (19800101 200501 1 001, ketua, 0812-3456-7890)", "team", [{ name: "Budi", nip: "198001012005011001", role: "ketua", phone: "081234567890" }]],
    ["Tim", "Budi (-, ketua, +6281234567890)", "team", [{ name: "Budi", nip: null, role: "ketua", phone: "081234567890" }]],
    ["Tim", "Budi (-, ketua, 0335 421012)", "team", [{ name: "Budi", nip: null, role: "ketua", phone: "0335421012" }]],
  ])("%s typed %j -> %s = %j, ✓ and stable", async (column, typed, field, stored) => {
    const { spreadsheetId, col } = await innovationSheet();
    await type(world, spreadsheetId, `${col(column)}2`, [[typed]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.require("INO-AAAAAAA1") as unknown as Record<string, unknown>)[field]).toEqual(stored);
    expect((await tabRows(world, spreadsheetId))[0]!["Status Sinkron"]).toBe(STATUS.ok);
    const again = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(again.recordWrites).toBe(0);
  });

  it("a cleared Anggaran is stored empty, not 0", async () => {
    const { spreadsheetId, col } = await innovationSheet();
    await type(world, spreadsheetId, `${col("Anggaran")}2`, [[""]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.require("INO-AAAAAAA1")).budget).toBeNull();
  });

  it.each<[string, string, RegExp, string, unknown]>([
    ["Waktu Uji Coba", "2026", /kolom "Waktu Uji Coba": 2026 adalah angka, bukan tanggal; tulis tanggal lengkap/, "trialDate", null],
    ["Waktu Uji Coba", "5/1/26", /kolom "Waktu Uji Coba": tahun pada .* hanya dua angka/, "trialDate", null],
    ["Anggaran", "-5", /kolom "Anggaran": tidak boleh negatif\./, "budget", 2500000],
    ["Urusan", "a".repeat(245), /kolom "Urusan": paling banyak 200 karakter \(sekarang 245\)\./, "urusan", "kesehatan"],
    ["Bukti Dukung", "lihat di drive kantor", /kolom "Bukti Dukung": tautan tidak dikenali dalam "lihat di drive kantor"/, "evidenceLinks", []],
    ["Bukti Dukung", "javascript:alert(1)", /tautan "javascript:alert\(1\)" ditolak/, "evidenceLinks", []],
  ])("%s typed %j is refused with a readable message, kept, and still ⚠ next run", async (column, typed, message, field, kept) => {
    const { spreadsheetId, col } = await innovationSheet();
    await type(world, spreadsheetId, `${col(column)}2`, [[typed]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.require("INO-AAAAAAA1") as unknown as Record<string, unknown>)[field]).toEqual(kept);
    const status = String((await tabRows(world, spreadsheetId))[0]!["Status Sinkron"]);
    expect(status).toMatch(message);
    expect(status).not.toMatch(/\.\.|diharapkan|Data tersimpan tidak diubah/);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await tabRows(world, spreadsheetId))[0]!["Status Sinkron"]).toMatch(message);
  });
});

describe("a programs sheet", () => {
  it("a start date after the end date: both columns named, the typed date kept, still ⚠ next run", async () => {
    const { spreadsheetId, col } = await programSheet();
    await type(world, spreadsheetId, `${col("Tanggal Mulai")}2`, [["10 Maret 2026"]], "Program");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(await world.stores.programs.require("PRG-AAAAAAA1")).toMatchObject({ startDate: "2026-02-02", endDate: "2026-02-06" });
    const expected =
      '⚠ Perlu diperbaiki: kolom "Tanggal Mulai" dan "Tanggal Selesai": Tanggal Mulai (10 Maret 2026) sesudah Tanggal Selesai (6 Februari 2026); perbaiki salah satunya. Isi kolom-kolom ini belum disimpan sampai diperbaiki.';
    let row = (await tabRows(world, spreadsheetId, "Program"))[0]!;
    expect(row["Status Sinkron"]).toBe(expected);
    expect(row["Tanggal Mulai"]).toBe("10 Maret 2026"); // not overwritten
    await syncSpreadsheet(world.deps, spreadsheetId);
    row = (await tabRows(world, spreadsheetId, "Program"))[0]!;
    expect(row["Status Sinkron"]).toBe(expected);
    expect(row["Tanggal Mulai"]).toBe("10 Maret 2026");

    await type(world, spreadsheetId, `${col("Tanggal Selesai")}2`, [["12 Maret 2026"]], "Program");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(await world.stores.programs.require("PRG-AAAAAAA1")).toMatchObject({ startDate: "2026-03-10", endDate: "2026-03-12" });
    expect((await tabRows(world, spreadsheetId, "Program"))[0]!["Status Sinkron"]).toBe(STATUS.ok);
  });

  it("a cleared Jumlah Peserta is stored empty, not 0", async () => {
    const { spreadsheetId, col } = await programSheet();
    await type(world, spreadsheetId, `${col("Jumlah Peserta")}2`, [[""]], "Program");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.programs.require("PRG-AAAAAAA1")).participants).toBeNull();
  });

  it("a brand-new row that cannot be saved says so, not 'Data tersimpan tidak diubah'", async () => {
    const { spreadsheetId, col } = await programSheet();
    await type(world, spreadsheetId, `${col("Nama Program")}3`, [["Bimtek baru"]], "Program");
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    // `labinov sheets sync` prints this count: the refused new row is one of them.
    expect(report.targets[0]!.problemRows).toBe(1);
    const status = String((await tabRows(world, spreadsheetId, "Program"))[1]!["Status Sinkron"]);
    expect(status).toMatch(/^⚠ Perlu diperbaiki: kolom .*wajib diisi\. Baris ini belum disimpan sebagai data baru\.$/);
  });

  it("a record added below a refused new row (ID cell blank, a blank row above it) lands from column A, its ID in the ID column", async () => {
    const { spreadsheetId, col } = await programSheet();
    await type(world, spreadsheetId, `${col("Nama Program")}4`, [["Bimtek baru"]], "Program");
    await syncSpreadsheet(world.deps, spreadsheetId);
    await world.stores.programs.create(
      "PRG-BBBBBBB2",
      { name: "Forum inovasi kelurahan", area: "inovasi", unitId: "dinkes", startDate: "2026-03-02", endDate: "2026-03-03", participants: 40 },
      testActor,
    );
    await syncSpreadsheet(world.deps, spreadsheetId);
    const added = (await tabRows(world, spreadsheetId, "Program")).find((row) => row["Nama Program"] === "Forum inovasi kelurahan");
    expect(added?.ID).toBe("PRG-BBBBBBB2");
    expect(String(added?.["Status Sinkron"])).toMatch(/^✓/);
  });
});

describe("formulas in data columns (the engine's FORMULA read, handed to parseRows)", () => {
  const units = { nameOf: () => "Dinas Kesehatan P2KB", idOf: (text: string) => (text === "Dinas Kesehatan P2KB" ? "dinkes" : undefined) };

  it("=46027+1 in a date column is refused though its result looks like a date; text written RAW that starts with = is not a formula", async () => {
    const { spreadsheetId, col } = await innovationSheet();
    await type(world, spreadsheetId, `${col("Waktu Uji Coba")}2`, [["=46027+1"]]);
    await world.stores.innovations.update("INO-AAAAAAA1", { name: "=bukan rumus" }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const values = await readTab(world, spreadsheetId);
    const formulas = await readTab(world, spreadsheetId, "Inovasi", "FORMULA");
    const layout = resolveLayout("innovations", values[0]!);
    const [row] = parseRows(layout, values, units, "id_ID", formulas);
    expect(row!.values.get("trialDate")).toEqual({ ok: false, message: expect.stringMatching(/^berisi rumus; ketik nilainya langsung/) });
    expect(row!.values.get("name")).toEqual({ ok: true, value: "=bukan rumus" });
    // Without the FORMULA read (the run makes it) the result would pass as typed data.
    expect(parseRows(layout, values, units)[0]!.values.get("trialDate")).toEqual({ ok: true, value: "2026-01-06" });
  });

  it("an unsupported locale refuses every cell, saying so", async () => {
    const { spreadsheetId } = await innovationSheet();
    const values = await readTab(world, spreadsheetId);
    const [row] = parseRows(resolveLayout("innovations", values[0]!), values, units, "fr_FR");
    for (const parsed of row!.values.values()) expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/^Locale spreadsheet "fr_FR" belum didukung/) });
  });
});

describe("formulas and the locale, through a run", () => {
  it("a formula typed in a data column is refused by the run, the record kept as it was; RAW text starting with = syncs", async () => {
    const { spreadsheetId, col } = await innovationSheet();
    await type(world, spreadsheetId, `${col("Waktu Uji Coba")}2`, [["=46027+1"]]);
    await world.stores.innovations.update("INO-AAAAAAA1", { goal: "=bukan rumus" }, testActor);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    // One FORMULA read, a second (UNFORMATTED) only because a field cell starts with "=".
    expect(report.sheetsCalls["spreadsheets.values.batchGet"]).toBeGreaterThanOrEqual(2);
    const record = await world.stores.innovations.require("INO-AAAAAAA1");
    expect(record.trialDate ?? null).toBeNull();
    expect(record.goal).toBe("=bukan rumus");
    const row = (await tabRows(world, spreadsheetId))[0]!;
    expect(String(row["Status Sinkron"])).toMatch(/Waktu Uji Coba".*berisi rumus/);
    expect(row.Tujuan).toBe("=bukan rumus");
  });

  it("a spreadsheet whose locale is not supported pauses its tab, saying so, and stores nothing from it", async () => {
    const created = await world.sheets.spreadsheets.create({ requestBody: { properties: { title: "Inovasi", locale: "fr_FR" } } });
    const spreadsheetId = created.data.spreadsheetId!;
    const target = await addTarget(world, { spreadsheetId });
    await initTarget(world.deps, target.id);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.targets[0]!.paused).toMatch(/Locale spreadsheet "fr_FR" belum didukung/);
    expect((await world.targets.get(target.id))?.locale).toBe("fr_FR");
  });
});
