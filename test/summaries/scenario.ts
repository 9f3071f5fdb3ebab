// One small city, written through the real record store with chosen clocks, so the summary
// tests read the same records (stage history, audit) that production writes. The week under
// test is Monday 16 to Sunday 22 November 2026; summaries speak from Monday 23 November.
import type { Stores } from "../../src/store/kinds.js";
import type { Actor } from "../../src/store/records.js";

export const WEEK_DAY = "2026-11-18";
/** Monday 23 November 2026, 07:00 WIB: when the scheduler runs for that week. */
export const RUN_AT = new Date("2026-11-23T00:00:00Z");

const staff: Actor = { by: "koordinator@probolinggokota.go.id", source: "cli" };
const form: Actor = { by: "form:usulan-inovasi", source: "form" };
const at = (day: string) => ({ now: new Date(`${day}T03:00:00Z`) }); // 10:00 WIB

/** An innovation's fields for a test: a digital public-service proposal at Drum-up, with `extra` on top. */
export const innovation = (name: string, unitId: string, extra: Record<string, unknown> = {}) => ({
  name,
  unitId,
  initiator: "opd",
  stage: "drum_up",
  jenis: "digital",
  bentuk: "pelayanan_publik",
  ...extra,
});

export async function seedScenario(s: Stores): Promise<void> {
  await s.units.create("dinkes", {
    name: "Dinas Kesehatan P2KB",
    kind: "opd",
    headName: "dr. Nur Aini",
    headEmail: "kadinkes@probolinggokota.go.id",
    spreadsheetUrl: "https://docs.google.com/spreadsheets/d/dinkes-sheet/edit",
  }, staff, at("2026-01-05"));
  await s.units.create("kanigaran", { name: "Kecamatan Kanigaran", kind: "kecamatan", headName: "Budi Santoso" }, staff, at("2026-01-05"));
  await s.units.create("wonoasih", { name: "Kecamatan Wonoasih", kind: "kecamatan", headName: "Sri Wahyuni", headEmail: "camat.wonoasih@probolinggokota.go.id" }, staff, at("2026-01-05"));
  await s.units.create("bappeda", { name: "Bappedalitbang", kind: "opd", headEmail: "bappeda@probolinggokota.go.id" }, staff, at("2026-01-05"));

  // Moved this week (diagnose -> design on Wednesday), with action items around the due horizon.
  await s.innovations.create("si-pintar", innovation("Si-Pintar: antrean puskesmas daring", "dinkes", {
    actionPlan: [
      { activity: "Uji coba aplikasi di Puskesmas Jati", personInCharge: "Rina", dueDate: "2026-11-20", status: "berjalan" },
      { activity: "Sosialisasi ke kader", personInCharge: "Agus", dueDate: "2026-12-06", status: "belum" },
      { activity: "Evaluasi bulan pertama", personInCharge: "Rina", dueDate: "2026-12-07", status: "belum" },
      { activity: "Rapat tim awal", personInCharge: "Rina", dueDate: "2026-11-10", status: "selesai" },
    ],
  }), staff, at("2026-09-01"));
  await s.innovations.moveStage("si-pintar", { to: "diagnose", date: "2026-10-01" }, staff, at("2026-10-01"));
  await s.innovations.moveStage("si-pintar", { to: "design", date: "2026-11-18", output: "Peta masalah antrean" }, staff, at("2026-11-18"));

  // In diagnose since 24 October: exactly 30 days on 23 November, so stalled.
  await s.innovations.create("kampung-kb", innovation("Kampung KB Digital", "dinkes"), staff, at("2026-08-01"));
  await s.innovations.moveStage("kampung-kb", { to: "diagnose", date: "2026-10-24" }, staff, at("2026-10-24"));

  // 29 days in drum-up: not stalled yet.
  await s.innovations.create("posyandu-remaja", innovation("Posyandu Remaja", "dinkes"), staff, at("2026-10-25"));

  // Postponed on purpose: old, but not "stalled".
  await s.innovations.create("ditunda", innovation("Klinik Keliling Malam", "dinkes", { status: "ditunda" }), staff, at("2026-03-01"));

  // A proposal that came in through the Google Form this week.
  await s.innovations.create("usulan-form", innovation("Lapor Sampah Lewat WA", "dinkes", { initiator: "masyarakat", initiatorName: "Wati" }), form, at("2026-11-20"));

  // Finished this week: reached dokumentasi and marked selesai.
  await s.innovations.create("selesai", innovation("SIMPEL Rujukan", "dinkes", { stage: "display", stageHistory: [{ stage: "display", start: "2026-06-01", finish: null, output: "", note: "" }] }), staff, at("2026-06-01"));
  await s.innovations.moveStage("selesai", { to: "dokumentasi", date: "2026-11-17" }, staff, at("2026-11-17"));
  await s.innovations.update("selesai", { status: "selesai" }, staff, at("2026-11-19"));

  // A kecamatan whose head has no email: a gap in the coordinators' summary.
  await s.innovations.create("kanigaran-bersih", innovation("Kanigaran Bersih", "kanigaran"), staff, at("2026-11-02"));

  // Archived: Bappedalitbang counts as a unit without innovation.
  await s.innovations.create("arsip", innovation("Inovasi Lama", "bappeda"), staff, at("2025-01-10"));
  await s.innovations.archive("arsip", staff, at("2025-02-10"));

  await s.programs.create("pelatihan-analis", {
    name: "Pelatihan Analis Kebijakan", area: "pelatihan", unitId: "bappeda", startDate: "2026-11-30", endDate: "2026-12-02", place: "Aula Bappedalitbang",
  }, staff, at("2026-10-01"));
  await s.programs.create("coaching-inovasi", {
    name: "Coaching Clinic Inovasi", area: "inovasi", unitId: "dinkes", startDate: "2026-11-01", endDate: "2026-12-31", status: "berjalan",
  }, staff, at("2026-10-01"));
  await s.programs.create("kuliah-s2", {
    name: "Beasiswa S2 Administrasi Publik", area: "pendidikan_tinggi", unitId: "bappeda", startDate: "2027-02-01", endDate: "2027-02-01",
  }, staff, at("2026-10-01"));
  await s.programs.create("batal", {
    name: "Kajian Dibatalkan", area: "kajian_kebijakan", unitId: "bappeda", startDate: "2026-11-25", endDate: "2026-11-26", status: "dibatalkan",
  }, staff, at("2026-10-01"));
}
