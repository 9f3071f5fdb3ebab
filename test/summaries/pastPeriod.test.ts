// A past period rebuilt from stage history and audit: what staff changed after the week ended
// (a stage moved, an innovation archived, a new one, a renamed unit, a finished action item)
// must not leak into that week's summaries when they are previewed or sent later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "../../src/store/kinds.js";
import { buildCitySummary } from "../../src/summaries/citySummary.js";
import { loadSummaryData } from "../../src/summaries/load.js";
import { periodContaining } from "../../src/summaries/period.js";
import { buildUnitSummary } from "../../src/summaries/unitSummary.js";
import { testDatabase } from "../support/firestore.js";
import { seedScenario, WEEK_DAY } from "./scenario.js";

const database = testDatabase();
const s = stores(database.db);
const week = periodContaining("weekly", WEEK_DAY);
const staff = { by: "koordinator@probolinggokota.go.id", source: "cli" as const };
const at = (day: string) => ({ now: new Date(`${day}T03:00:00Z`) });

async function summariesOfTheWeek() {
  const data = await loadSummaryData(database.db, week);
  const dinkes = data.units.find((unit) => unit.id === "dinkes")!;
  return { unit: buildUnitSummary({ unit: dinkes, data, period: week }), city: buildCitySummary({ data, period: week }) };
}

let asSentOnMonday: Awaited<ReturnType<typeof summariesOfTheWeek>>;

beforeAll(async () => {
  await database.clear();
  await seedScenario(s);
  asSentOnMonday = await summariesOfTheWeek();
  // The week after: staff keep working.
  await s.innovations.moveStage("kampung-kb", { to: "design", date: "2026-11-25" }, staff, at("2026-11-25"));
  await s.innovations.archive("posyandu-remaja", staff, at("2026-11-25"));
  await s.innovations.create("baru", { name: "Inovasi Minggu Depan", unitId: "dinkes", initiator: "opd", stage: "drum_up", jenis: "digital", bentuk: "pelayanan_publik" }, staff, at("2026-11-26"));
  await s.innovations.update("si-pintar", (current) => ({
    actionPlan: current.actionPlan.map((item) => (item.activity.startsWith("Uji coba") ? { ...item, status: "selesai" } : item)),
  }), staff, at("2026-11-26"));
  await s.innovations.update("kanigaran-bersih", { status: "ditunda" }, staff, at("2026-11-27"));
  await s.units.update("dinkes", { name: "Dinas Kesehatan, Pengendalian Penduduk dan KB" }, staff, at("2026-11-27"));
}, 60_000);
afterAll(() => database.db.terminate());

describe("a past period", () => {
  it("reads the records as they stood when it ended, not as they stand today", async () => {
    const later = await summariesOfTheWeek();
    expect(later.unit.text).toContain("Kampung KB Digital: Diagnose sejak 24 Oktober 2026 (30 hari)");
    expect(later.unit.text).toContain("Posyandu Remaja");
    expect(later.unit.text).not.toContain("Inovasi Minggu Depan");
    expect(later.unit.text).toContain("Uji coba aplikasi di Puskesmas Jati");
    expect(later.unit.subject).toBe("Ringkasan inovasi Dinas Kesehatan P2KB, minggu 16–22 November 2026");
  });

  it("gives exactly the emails that went out when it ended", async () => {
    const later = await summariesOfTheWeek();
    expect(later.unit).toEqual(asSentOnMonday.unit);
    expect(later.city).toEqual(asSentOnMonday.city);
  });

  it("still shows the later changes in the period they belong to", async () => {
    const next = periodContaining("weekly", "2026-11-25");
    const data = await loadSummaryData(database.db, next);
    const mail = buildUnitSummary({ unit: data.units.find((unit) => unit.id === "dinkes")!, data, period: next });
    expect(mail.text).toContain("Kampung KB Digital: Diagnose → Design (25 November 2026)");
    expect(mail.text).toContain("Inovasi Minggu Depan");
    expect(mail.text).not.toContain("Posyandu Remaja");
  });
});
