// The IID readiness part of the weekly unit email and of the city summary, built from records
// written through the real store into the Firestore emulator, and drawn in Chromium.
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { stores } from "../../src/store/kinds.js";
import type { Actor } from "../../src/store/records.js";
import { buildCitySummary, cityFacts, CITY_SECTIONS } from "../../src/summaries/citySummary.js";
import type { SummaryData } from "../../src/summaries/facts.js";
import { page } from "../../src/summaries/html.js";
import { cityIidSection, unitIidSection } from "../../src/summaries/iidSections.js";
import { loadSummaryData } from "../../src/summaries/load.js";
import { periodContaining } from "../../src/summaries/period.js";
import { renderSections } from "../../src/summaries/sections.js";
import { buildUnitSummary, unitFacts, UNIT_SECTIONS } from "../../src/summaries/unitSummary.js";
import { testDatabase } from "../support/firestore.js";
import { innovation } from "../summaries/scenario.js";
import { chromiumBrowser } from "../support/inputs.js";

const database = testDatabase();
const s = stores(database.db);
const staff: Actor = { by: "koordinator@probolinggokota.go.id", source: "cli" };
const at = (day: string) => ({ now: new Date(`${day}T03:00:00Z`) });
const week = periodContaining("weekly", "2026-11-18");
const link = "https://drive.google.com/file/d/bukti-dukung";
const set = shippedIndicators(2026);
let data: SummaryData;


beforeAll(async () => {
  await database.clear();
  await s.units.create("dinkes", { name: "Dinas Kesehatan P2KB", kind: "opd", headName: "dr. Nur Aini", headEmail: "kadinkes@probolinggokota.go.id" }, staff, at("2026-01-05"));
  await s.units.create("dispendik", { name: "Dinas Pendidikan dan Kebudayaan", kind: "opd", headEmail: "dispendik@probolinggokota.go.id" }, staff, at("2026-01-05"));
  for (const [id, name] of [["a", "Si-Pintar"], ["b", "Kampung KB Digital"], ["c", "Posyandu Remaja"], ["d", "Klinik Malam"]] as const) {
    await s.innovations.create(id, innovation(name, "dinkes", { tahapanOverride: "penerapan" }), staff, at("2026-02-01"));
  }
  await s.innovations.create("e", innovation("Lapor Sampah", "dinkes", { tahapanOverride: null }), staff, at("2026-02-01")); // still inisiatif
  await s.innovations.create("f", innovation("Rapor Digital", "dispendik", { tahapanOverride: "uji_coba" }), staff, at("2026-02-01"));
  // "a" has every indicator at its top parameter; "b" a Perwali without its link; "f" a Perwali with it.
  for (const indicator of set.indicators) {
    await s.iidEvidence.create(`a-${indicator.key}`, { innovationId: "a", unitId: "dinkes", indicator: indicator.key, option: indicator.options.at(-1)!.key, link, documentType: indicator.documentTypes[0] }, staff, at("2026-03-01"));
  }
  await s.iidEvidence.create("b-regulasi", { innovationId: "b", unitId: "dinkes", indicator: "regulasi", option: "perda", link: null, documentType: "regulasi" }, staff, at("2026-03-01"));
  await s.iidEvidence.create("f-regulasi", { innovationId: "f", unitId: "dispendik", indicator: "regulasi", option: "perda", link, documentType: "regulasi", documentDate: "2026-02-10" }, staff, at("2026-03-01"));
  // Entered after the week ended: the week's email must not count it.
  await s.iidEvidence.create("d-regulasi", { innovationId: "d", unitId: "dinkes", indicator: "regulasi", option: "perda", link, documentType: "regulasi" }, staff, at("2026-11-25"));
  data = await loadSummaryData(database.db, week);
});
afterAll(() => database.db.terminate());

const unitOf = (id: string) => data.units.find((unit) => unit.id === id)!;

describe("the unit email's IID part", () => {
  it("says how many innovations lack each kind of evidence, the most-missed first", () => {
    const mail = buildUnitSummary({ unit: unitOf("dinkes"), data, period: week });
    expect(mail.text).toContain("KESIAPAN INDEKS INOVASI DAERAH (IID) 2026");
    // b (no link), c (nothing) and d (its Perwali came after the week) lack regulation evidence.
    expect(mail.text).toContain("- 3 inovasi belum punya bukti regulasi inovasi daerah");
    expect(mail.text).toContain("- 3 inovasi belum punya bukti ketersediaan dan peran SDM terhadap inovasi daerah");
    expect(mail.text).toContain(`dan 14 indikator lain; lihat tab "Bukti IID" di spreadsheet`);
    expect(mail.html).toContain("3 inovasi belum punya bukti regulasi inovasi daerah");
  });

  it("gives the mean estimated score of the innovations the guide scores, and leaves inisiatif out", () => {
    const mail = buildUnitSummary({ unit: unitOf("dinkes"), data, period: week });
    // Under the 2026 guide (weights from its Lampiran II, 111 points at most): a = 111, b = c = d = 0: mean 27,75 over four.
    expect(mail.text).toContain("Perkiraan skor rata-rata 27,8 dari 111 untuk 4 inovasi yang dinilai");
    expect(mail.text).toContain("1 inovasi masih tahap inisiatif, belum dinilai IID.");
    expect(mail.text).toContain("- Si-Pintar: skor 111,0/111, bukti lengkap");
    expect(mail.text).toContain("- Kampung KB Digital: skor 0,0/111, kurang bukti 20 dari 20 indikator");
    expect(mail.text).not.toContain("Lapor Sampah: skor");
  });

  it("names the guide it used, whose weights come from a copy of its annex (not the official PDF)", () => {
    const text = buildUnitSummary({ unit: unitOf("dinkes"), data, period: week }).text;
    expect(text).toContain("Perkiraan memakai indikator pedoman IID 2026 (bobot dari salinan lampiran pedoman, bukan dokumen resmi Kemendagri); nilai resmi ditentukan Kemendagri.");
    expect(text).not.toContain("bobot belum diverifikasi");
  });

  it("evidence entered after the week ended counts in the next week's email", async () => {
    const next = periodContaining("weekly", "2026-11-25");
    const later = await loadSummaryData(database.db, next);
    const mail = buildUnitSummary({ unit: later.units.find((unit) => unit.id === "dinkes")!, data: later, period: next });
    expect(mail.text).toContain("- Klinik Malam: skor 9,0/111, kurang bukti 19 dari 20 indikator");
    expect(mail.text).toContain("Perkiraan skor rata-rata 30,0 dari 111");
  });

  it("is left out when the data has no IID part", () => {
    const { iid: _left, ...without } = data;
    expect(buildUnitSummary({ unit: unitOf("dinkes"), data: without, period: week }).text).not.toContain("IID");
  });

  it("a broken indicator override in Firestore leaves the IID part out, and the emails still build", async () => {
    const override = database.db.collection("iidIndicators").doc("2026");
    await override.set({ year: 2026, indicators: [] });
    try {
      const broken = await loadSummaryData(database.db, week);
      expect(broken.iid).toBeUndefined();
      const mail = buildUnitSummary({ unit: broken.units.find((unit) => unit.id === "dinkes")!, data: broken, period: week });
      expect(mail.text).toContain("POSISI SETIAP INOVASI");
      expect(mail.text).not.toContain("KESIAPAN");
    } finally {
      await override.delete();
    }
  });

  it("sits in the email's section list", () => {
    expect(UNIT_SECTIONS).toContain(unitIidSection);
  });
});

describe("the city summary's IID part", () => {
  it("gives each unit's mean score and most-missed evidence, best first, and the city's Satuan Inovasi estimate", () => {
    const mail = buildCitySummary({ data, period: week });
    const part = mail.text.slice(mail.text.indexOf("KESIAPAN INDEKS"));
    // Five scored innovations (fewer than the 2026 guide's 12): (111 + 0 + 0 + 0 + 9) / 12 = 10.
    expect(part).toContain("Perkiraan bagian Satuan Inovasi kota: 10,0 (jumlah skor 5 inovasi dibagi 12, sesuai rumus pedoman).");
    const dinkes = part.indexOf("- Dinas Kesehatan P2KB: rata-rata 27,8, 4 inovasi dinilai; bukti yang paling kurang: regulasi inovasi daerah (3)");
    const dispendik = part.indexOf("- Dinas Pendidikan dan Kebudayaan: rata-rata 9,0, 1 inovasi dinilai");
    expect(dinkes).toBeGreaterThan(-1);
    expect(dispendik).toBeGreaterThan(dinkes);
  });

  it("tells coordinators, and only them, how to export the submission", () => {
    expect(buildCitySummary({ data, period: week, audience: "coordinators" }).text).toContain("labinov iid export --year 2026");
    expect(buildCitySummary({ data, period: week, audience: "leadership" }).text).not.toContain("labinov iid export");
    expect(CITY_SECTIONS).toContain(cityIidSection);
  });
});

const CHROMIUM = chromiumBrowser();
describe.skipIf(!CHROMIUM.present)(`the readiness part in a browser ${CHROMIUM.missing}`.trim(), () => {
  it("draws both emails' IID part at 360 px without scrolling sideways, and keeps a screenshot of each", async () => {
    await mkdir("test-output", { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM.path });
    try {
      const parts = {
        "iid-unit-email.png": page("Kesiapan IID: Dinas Kesehatan P2KB", renderSections([unitIidSection], unitFactsFor()).html),
        "iid-city-email.png": page("Kesiapan IID: kota", renderSections([cityIidSection], cityFactsFor()).html),
      };
      for (const [file, html] of Object.entries(parts)) {
        const tab = await browser.newPage({ viewport: { width: 360, height: 800 } });
        await tab.setContent(html, { waitUntil: "load" });
        await tab.screenshot({ path: `test-output/${file}`, fullPage: true });
        const overflow = (await tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number;
        expect(overflow, file).toBe(0);
        expect((await tab.evaluate("document.body.innerText")) as string).toContain("Kesiapan Indeks Inovasi Daerah");
        await tab.close();
      }
    } finally {
      await browser.close();
    }
  });
});

// The facts the two builders read, as the emails work them out.
function unitFactsFor() {
  return unitFacts({ unit: unitOf("dinkes"), data, period: week });
}
function cityFactsFor() {
  return cityFacts({ data, period: week, audience: "coordinators" });
}
