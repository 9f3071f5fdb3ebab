// Cell parsing and formatting per field type: bad cells of every type (a table), and the
// round trip of dates, numbers, NIP and phone numbers (leading zeros included).
import { describe, expect, it } from "vitest";
import { formatCell, parseCell, serialToDate, dateToSerial, type CellValue, type UnitNames } from "../../sheets/layout/cells.js";
import { INNOVATION_FIELDS, PROGRAM_FIELDS, type FieldDef } from "../../sheets/layout/fields.js";

const units: UnitNames = {
  nameOf: (id) => ({ dinkes: "Dinas Kesehatan P2KB" })[id],
  idOf: (text) => (["dinkes", "dinas kesehatan p2kb"].includes(text.trim().toLowerCase()) ? "dinkes" : undefined),
};
const def = (key: string, fields: FieldDef[] = INNOVATION_FIELDS) => fields.find((field) => field.key === key)!;

describe("bad cells are refused with a message naming what is wrong", () => {
  it.each<[string, CellValue, RegExp, FieldDef[]?]>([
    ["stage", "Lompat", /pilih salah satu: Drum-up, Diagnose/],
    ["stage", "", /wajib diisi/],
    ["jenis", "analog", /pilih salah satu: Digital, Non-digital/],
    ["bentuk", 12, /pilih salah satu/],
    ["initiator", "Walikota", /pilih salah satu: Kepala daerah/],
    ["tahapan", "selesai", /pilih salah satu: Inisiatif/],
    ["status", "hilang", /pilih salah satu: Aktif/],
    ["unitId", "Dinas Entah", /unit "Dinas Entah" tidak dikenal/],
    ["unitId", "", /wajib diisi/],
    ["trialDate", "31/02/2026", /tidak ada di kalender/],
    ["trialDate", "besok", /"besok" tidak dikenali sebagai tanggal/],
    ["trialDate", "2026-13-01", /tidak ada di kalender/],
    ["trialDate", -3, /bukan tanggal/],
    ["budget", "satu juta", /bukan angka/],
    ["budget", "1,2,3", /bukan angka/],
    ["evidenceLinks", "drive.google.com/abc", /tautan tidak dikenali dalam "drive.google.com\/abc"/],
    ["team", "Budi (1, 2, 3, 4)", /anggota tim/],
    ["team", "Budi (198001012005011001", /anggota tim/],
    ["participants", "dua puluh", /bukan angka/, PROGRAM_FIELDS],
    ["participants", 12.5, /bukan bilangan bulat/, PROGRAM_FIELDS],
    ["startDate", "", /wajib diisi/, PROGRAM_FIELDS],
    ["area", "olahraga", /pilih salah satu: Kajian kebijakan/, PROGRAM_FIELDS],
  ])("%s = %j", (key, cell, message, fields) => {
    const result = parseCell(def(key, fields).cell, cell, units);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("values round-trip exactly through the cell labinov writes", () => {
  it.each<[string, unknown]>([
    ["name", "=IMPORTXML(\"http://evil\", \"//a\")"],
    ["name", "'0812 diawali kutip"],
    ["urusan", "  kesehatan  ".trim()],
    ["stage", "dokumentasi"],
    ["tahapan", "uji_coba"],
    ["unitId", "dinkes"],
    ["trialDate", "2026-11-27"],
    ["trialDate", "2000-02-29"],
    ["inUseDate", null],
    ["budget", 1500000],
    ["budget", 0.5],
    ["budget", null],
    ["evidenceLinks", ["https://a.example/x?y=1", "http://b.example"]],
    ["evidenceLinks", []],
    ["team", [{ name: "Budi Santoso", nip: "198001012005011001", role: "Ketua", phone: "081234567890" }]],
    ["team", [{ name: "Ani", nip: null, role: "", phone: null }, { name: "Cici", nip: null, role: "anggota", phone: "0335421012" }]],
  ])("%s %j", (key, value) => {
    const field = def(key).cell;
    const written = formatCell(field, value, units);
    // What the API hands back with UNFORMATTED_VALUE is what was written RAW.
    expect(parseCell(field, written, units)).toEqual({ ok: true, value: key === "urusan" ? String(value) : value });
  });

  it("dates are written as serial numbers and read back from serial or typed text", () => {
    expect(dateToSerial("2026-11-27")).toBe(46353);
    expect(serialToDate(46353)).toBe("2026-11-27");
    expect(serialToDate(46353.75)).toBe("2026-11-27");
    const trial = def("trialDate").cell;
    expect(parseCell(trial, "27/11/2026", units)).toEqual({ ok: true, value: "2026-11-27" });
    expect(parseCell(trial, "2026-11-27", units)).toEqual({ ok: true, value: "2026-11-27" });
  });

  it("numbers typed the Indonesian way are understood", () => {
    const budget = def("budget").cell;
    expect(parseCell(budget, "Rp 1.500.000", units)).toEqual({ ok: true, value: 1500000 });
    expect(parseCell(budget, "1.500.000,50", units)).toEqual({ ok: true, value: 1500000.5 });
    expect(parseCell(budget, "2500", units)).toEqual({ ok: true, value: 2500 });
  });

  it("enum cells accept the label or the key in any case; units their name or id", () => {
    expect(parseCell(def("stage").cell, "drum-up", units)).toEqual({ ok: true, value: "drum_up" });
    expect(parseCell(def("jenis").cell, "NON DIGITAL", units)).toEqual({ ok: true, value: "non_digital" });
    expect(parseCell(def("unitId").cell, "dinas kesehatan p2kb", units)).toEqual({ ok: true, value: "dinkes" });
    expect(formatCell(def("unitId").cell, "dinkes", units)).toBe("Dinas Kesehatan P2KB");
  });
});
