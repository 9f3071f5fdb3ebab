import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "../../src/store/kinds.js";
import { buildCitySummary } from "../../src/summaries/citySummary.js";
import { DEFAULT_RULES, mouProgress, standings, type SummaryData } from "../../src/summaries/facts.js";
import { loadSummaryData, ORIGINAL_MOU, saveMouTerm } from "../../src/summaries/load.js";
import { periodContaining } from "../../src/summaries/period.js";
import { buildUnitSummary } from "../../src/summaries/unitSummary.js";
import { testDatabase } from "../support/firestore.js";
import { seedScenario, WEEK_DAY } from "./scenario.js";

const database = testDatabase();
const s = stores(database.db);
const week = periodContaining("weekly", WEEK_DAY);
let data: SummaryData;

beforeAll(async () => {
  await database.clear();
  await seedScenario(s);
  data = await loadSummaryData(database.db, week);
});
afterAll(() => database.db.terminate());

const unit = (id: string) => data.units.find((candidate) => candidate.id === id)!;
const standingOf = (id: string, rules = DEFAULT_RULES) => standings(data, week, rules).find((entry) => entry.innovation.id === id);

describe("stalled and due rules", () => {
  it.each([
    ["kampung-kb", 30, true, "30 days in diagnose reaches the 30-day threshold"],
    ["posyandu-remaja", 29, false, "29 days is one short"],
    ["ditunda", 267, false, "postponed on purpose is not stalled"],
    ["si-pintar", 5, false, "moved this week"],
  ] as [string, number, boolean, string][])("%s: %i days in stage, stalled=%s (%s)", (id, days, stalled) => {
    expect(standingOf(id)).toMatchObject({ daysInStage: days, stalled });
  });

  it("uses the configured number of days", () => {
    expect(standingOf("posyandu-remaja", { ...DEFAULT_RULES, stalledAfterDays: 29 })?.stalled).toBe(true);
    expect(standingOf("kampung-kb", { ...DEFAULT_RULES, stalledAfterDays: 31 })?.stalled).toBe(false);
  });

  it("counts action items overdue or due within two weeks, unfinished only", () => {
    expect(standingOf("si-pintar")?.dueActions).toEqual([
      { activity: "Uji coba aplikasi di Puskesmas Jati", personInCharge: "Rina", dueDate: "2026-11-20", daysLeft: -3 },
      { activity: "Sosialisasi ke kader", personInCharge: "Agus", dueDate: "2026-12-06", daysLeft: 13 },
    ]);
  });

  it("leaves archived innovations out and reads form proposals and finishes from the audit", () => {
    expect(standingOf("arsip")).toBeUndefined();
    expect(standingOf("usulan-form")).toMatchObject({ isNew: true, proposedViaForm: true });
    expect(standingOf("si-pintar")).toMatchObject({ isNew: false, proposedViaForm: false });
    expect(standingOf("selesai")?.finished).toBe(true);
  });
});

describe("unit summary", () => {
  it("tells the head of Dinkes where each innovation stands, what moved, stalled and falls due", () => {
    const mail = buildUnitSummary({ unit: unit("dinkes"), data, period: week });
    expect(mail.figures).toEqual({ innovations: 6, moved: 2, stalled: 1, due: 2, proposals: 1 });
    expect(mail.subject).toBe("Ringkasan inovasi Dinas Kesehatan P2KB, minggu 16–22 November 2026");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Yth. Bapak/Ibu dr. Nur Aini,");
      expect(part).toContain("per 23 November 2026");
      expect(part).toContain("Si-Pintar: antrean puskesmas daring: Diagnose → Design (18 November 2026)");
      expect(part).toContain("Kampung KB Digital: Diagnose sejak 24 Oktober 2026 (30 hari)");
      expect(part).toContain("terlambat 3 hari");
      expect(part).toContain("13 hari lagi");
      expect(part).toContain("Lapor Sampah Lewat WA");
      expect(part).toContain("https://docs.google.com/spreadsheets/d/dinkes-sheet/edit");
      expect(part).not.toContain("Evaluasi bulan pertama");
      expect(part).not.toContain("Kanigaran Bersih");
    }
  });

  it("has no classes, no stylesheet and no images in its HTML", () => {
    const { html } = buildUnitSummary({ unit: unit("dinkes"), data, period: week });
    expect(html).not.toMatch(/class=|<style|<link|<img/i);
  });

  it("escapes names so record text never becomes markup", () => {
    const tricky = { ...data, innovations: data.innovations.map((entry) => (entry.id === "posyandu-remaja" ? { ...entry, name: "<script>x</script> & Co" } : entry)) };
    const { html } = buildUnitSummary({ unit: unit("dinkes"), data: tricky, period: week });
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt; &amp; Co");
    expect(html).not.toContain("<script>");
  });

  it("says plainly that a unit with nothing has no innovations", () => {
    const mail = buildUnitSummary({ unit: unit("wonoasih"), data, period: week });
    expect(mail.figures).toEqual({ innovations: 0, moved: 0, stalled: 0, due: 0, proposals: 0 });
    expect(mail.text).toContain("Unit ini belum memiliki inovasi yang tercatat.");
    expect(mail.text).toContain("Alamat spreadsheet unit ini belum tercatat");
  });
});

describe("city summary", () => {
  it("counts the whole lab and names gaps, units without innovation and upcoming programs", () => {
    const mail = buildCitySummary({ data, period: week });
    expect(mail.figures).toEqual({ innovations: 7, units: 2, newOnes: 1, moved: 2, stalled: 1, finished: 1, unitsWithout: 2, gaps: 1 });
    expect(mail.subject).toBe("Ringkasan mingguan Laboratorium Inovasi, 16–22 November 2026");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Kecamatan Kanigaran (kepala: Budi Santoso)");
      expect(part).toContain("Bappedalitbang");
      expect(part).toContain("Kecamatan Wonoasih");
      expect(part).toContain("Pelatihan Analis Kebijakan (Bappedalitbang): 30 November 2026 s.d. 2 Desember 2026, Aula Bappedalitbang");
      expect(part).toContain("Coaching Clinic Inovasi (Dinas Kesehatan P2KB)");
      expect(part).not.toContain("Beasiswa S2");
      expect(part).not.toContain("Kajian Dibatalkan");
      expect(part).toContain("berakhir 3 April 2023");
    }
  });

  it("shows a renewed MoU's progress once it is entered", async () => {
    expect(mouProgress(ORIGINAL_MOU, "2026-11-23")).toMatchObject({ ended: true, elapsed: 1, daysSinceEnd: 1330 });
    const renewed = await saveMouTerm(database.db, { signed: "2024-04-03", ends: "2029-04-03" }, "tester");
    const monthly = periodContaining("monthly", WEEK_DAY);
    const mail = buildCitySummary({ data: { ...(await loadSummaryData(database.db, monthly)), mou: renewed }, period: monthly });
    expect(mail.subject).toBe("Ringkasan bulanan Laboratorium Inovasi, November 2026");
    expect(mail.text).toMatch(/MoU ditandatangani 3 April 2024 dan berlaku sampai 3 April 2029: 53% masa berlaku telah berjalan, tersisa 854 hari\./);
    await expect(saveMouTerm(database.db, { signed: "2029-04-03", ends: "2024-04-03" }, "tester")).rejects.toThrow(/sesudah/);
    await expect(saveMouTerm(database.db, { signed: "2024-02-30", ends: "2029-04-03" }, "tester")).rejects.toThrow(/kalender/);
  });
});
