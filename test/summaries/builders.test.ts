import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "../../src/store/kinds.js";
import { buildCitySummary } from "../../src/summaries/citySummary.js";
import { DEFAULT_RULES, mouStanding, standings, type SummaryData } from "../../src/summaries/facts.js";
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
    }
  });

  it.each([
    ["signed, in force", { signed: "2024-04-03", ends: "2029-04-03" }, "2026-12-01", { state: "in_force", firstDay: "2024-04-03", lastDay: "2029-04-02", remaining: { years: 2, months: 4, days: 2 } }],
    ["its last day", { signed: "2018-04-03", ends: "2023-04-03" }, "2023-04-02", { state: "in_force", lastDay: "2023-04-02", remaining: { years: 0, months: 0, days: 1 } }],
    ["the first day after it", { signed: "2018-04-03", ends: "2023-04-03" }, "2023-04-03", { state: "ended", lastDay: "2023-04-02" }],
    ["before it was signed", { signed: "2024-04-03", ends: "2029-04-03" }, "2024-01-01", { state: "not_yet" }],
  ] as const)("says whether the MoU holds: %s", (_case, term, day, expected) => {
    expect(mouStanding(term, day)).toMatchObject(expected);
  });
});

describe("the MoU section of the city email", () => {
  const mouPart = (text: string) => text.slice(text.indexOf("MOU DENGAN LAN RI"), text.indexOf("--\n"));

  it("tells leadership plainly that the original MoU has ended, with no day count, bare percentage or command", () => {
    expect(data.mou).toEqual(ORIGINAL_MOU);
    const mail = buildCitySummary({ data, period: week, audience: "leadership" });
    expect(mouPart(mail.text)).toBe(
      "MOU DENGAN LAN RI\nTidak berlaku lagi: sudah berakhir pada 2 April 2023 (masa berlaku 3 April 2018 – 2 April 2023). Belum ada perpanjangan yang tercatat.\n\n",
    );
    const visibleHtml = mail.html.replace(/<[^>]*>/g, " ");
    for (const part of [mail.text, visibleHtml]) {
      expect(part).not.toMatch(/hari yang lalu|\d+%|labinov summary|--signed/);
    }
    expect(buildCitySummary({ data, period: week }).text).toBe(mail.text);
  });

  it("tells coordinators, and only them, how to record a renewal", () => {
    const mail = buildCitySummary({ data, period: week, audience: "coordinators" });
    expect(mail.text).toContain("Yth. Bapak/Ibu Koordinator Laboratorium Inovasi,");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Tidak berlaku lagi: sudah berakhir pada 2 April 2023");
      expect(part).toContain("Untuk koordinator: bila MoU sudah diperpanjang, catat masa berlaku yang baru dengan perintah labinov summary mou --signed yyyy-MM-dd --ends yyyy-MM-dd");
    }
  });

  it("gives a renewed MoU's term and what remains of it, in years and months", async () => {
    const renewed = await saveMouTerm(database.db, { signed: "2024-04-03", ends: "2029-04-03" }, "tester");
    const monthly = periodContaining("monthly", WEEK_DAY);
    const monthData = { ...(await loadSummaryData(database.db, monthly)), mou: renewed };
    const leadership = buildCitySummary({ data: monthData, period: monthly });
    expect(leadership.subject).toBe("Ringkasan bulanan Laboratorium Inovasi, November 2026");
    expect(mouPart(leadership.text)).toBe("MOU DENGAN LAN RI\nBerlaku: 3 April 2024 – 2 April 2029, sisa 2 tahun 4 bulan.\n\n");
    expect(leadership.html).toContain("Berlaku: 3 April 2024 – 2 April 2029, sisa 2 tahun 4 bulan.");
    // Half a year before it ends, coordinators are reminded to prepare the renewal.
    const ending = { ...monthData, mou: { signed: "2022-03-01", ends: "2027-03-01" } };
    expect(mouPart(buildCitySummary({ data: ending, period: monthly, audience: "coordinators" }).text)).toBe(
      "MOU DENGAN LAN RI\nBerlaku: 1 Maret 2022 – 28 Februari 2027, sisa 3 bulan.\n" +
        "Untuk koordinator: MoU berakhir pada 28 Februari 2027; siapkan perpanjangannya bersama LAN RI.\n\n",
    );
    expect(mouPart(buildCitySummary({ data: ending, period: monthly }).text)).not.toContain("Untuk koordinator");
    await expect(saveMouTerm(database.db, { signed: "2029-04-03", ends: "2024-04-03" }, "tester")).rejects.toThrow(/sesudah/);
    await expect(saveMouTerm(database.db, { signed: "2024-02-30", ends: "2029-04-03" }, "tester")).rejects.toThrow(/kalender/);
  });
});
