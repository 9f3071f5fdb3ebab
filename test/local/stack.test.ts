import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, StackAlreadyRunning, type LocalStack } from "../../local/stack.js";
import { readStackFile, writeStackFile } from "../../local/stackFile.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { stores } from "../../src/store/kinds.js";
import { seedDemo } from "../../src/seed/seed.js";
import { DEMO_INNOVATIONS } from "../../src/seed/innovations.js";
import { STAGE_ORDER } from "../../src/model/stages.js";
import { sheetsClient } from "../../sheets/client.js";
import { DASHBOARD_TAB } from "../../sheets/dashboard/layout.js";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { previewSummaries } from "../../src/summaries/preview.js";
import { config } from "../../src/config.js";
import { todayWib } from "../../src/model/time.js";

describe("local stack", () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, smtpPort: 0, dataDir: await mkdtemp(join(tmpdir(), "labinov-stack-")), projectId: `demo-stack-${process.pid}`, reconcileEveryMs: 0 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it("answers /healthz with 200 while Firestore answers", async () => {
    const response = await fetch(`${stack.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz with 200 once started, and writes its endpoints to stack.json for the CLI", async () => {
    const response = await fetch(`${stack.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(readStackFile(stack.dataDir)).toMatchObject({
      pid: process.pid,
      ready: true,
      functionsUrl: stack.url,
      firestoreHost: stack.firestoreHost,
      sheetsApiUrl: stack.sheetsEmulator.url,
      smtpUrl: stack.smtpSink.smtpUrl,
      projectId: stack.projectId,
    });
  });

  it("loads the demo data into an empty database: units, the four MoU areas, ~30 innovations over every stage", async () => {
    expect(stack.seeded).toMatchObject({ innovations: DEMO_INNOVATIONS.length });
    const all = await stores(stack.db).innovations.list();
    expect(all).toHaveLength(DEMO_INNOVATIONS.length);
    expect(new Set(all.map((innovation) => innovation.stage))).toEqual(new Set(STAGE_ORDER));
    const programs = await stores(stack.db).programs.list();
    expect(new Set(programs.map((program) => program.area))).toEqual(new Set(["kajian_kebijakan", "pelatihan", "inovasi", "pendidikan_tinggi"]));
    const units = await stack.db.collection(COLLECTIONS.units).get();
    expect(units.docs.map((doc) => doc.get("name"))).toEqual(expect.arrayContaining(["Kecamatan Kedopok", "Satpol PP", "Bagian Organisasi Setda"]));
  });

  it("seeds IID evidence: some innovations fully backed, some partly, the others none", async () => {
    const indicators = shippedIndicators(new Date().getUTCFullYear()).indicators.length;
    const evidence = await stores(stack.db).iidEvidence.list();
    expect(stack.seeded).toMatchObject({ evidence: evidence.length });
    const backed = new Map<string, { rows: number; linked: number }>();
    for (const entry of evidence) {
      const count = backed.get(entry.innovationId) ?? { rows: 0, linked: 0 };
      backed.set(entry.innovationId, { rows: count.rows + 1, linked: count.linked + (entry.link && entry.option ? 1 : 0) });
    }
    const counts = [...backed.values()];
    expect(counts.every((count) => count.rows === indicators)).toBe(true);
    expect(counts.filter((count) => count.linked === indicators).length).toBeGreaterThanOrEqual(2);
    expect(counts.filter((count) => count.linked > 0 && count.linked < indicators).length).toBeGreaterThanOrEqual(2);
    expect(backed.size).toBeLessThan(DEMO_INNOVATIONS.length);
  });

  it("once ready, the city spreadsheet has its Dasbor tab with charts and a unit spreadsheet its Bukti IID tab with rows", async () => {
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
    const sheets = sheetsClient({ SHEETS_API_URL: stack.sheetsEmulator.url });
    const city = stack.spreadsheets.find((sheet) => sheet.title === "Laboratorium Inovasi Kota Probolinggo")!;
    const { data: book } = await sheets.spreadsheets.get({ spreadsheetId: city.spreadsheetId });
    const dashboard = book.sheets?.find((sheet) => sheet.properties?.title === DASHBOARD_TAB);
    expect(dashboard?.charts?.length).toBeGreaterThanOrEqual(5);

    const unit = stack.spreadsheets.find((sheet) => sheet.title === "Inovasi Dinas Kesehatan P2KB")!;
    // The dropdowns `sheets init` sets (innovation, indicator, parameter, document type).
    const { data: unitBook } = await sheets.spreadsheets.get({ spreadsheetId: unit.spreadsheetId, includeGridData: true, ranges: ["'Bukti IID'"] });
    expect(unitBook.sheets?.[0]?.properties?.title).toBe("Bukti IID");
    // On the first evidence row itself, not only below the rows.
    const lists = (unitBook.sheets?.[0]?.data?.[0]?.rowData?.[1]?.values ?? []).filter((cell) => cell.dataValidation?.condition?.type === "ONE_OF_LIST");
    expect(lists.length).toBeGreaterThanOrEqual(3);
    const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: unit.spreadsheetId, range: "'Bukti IID'" });
    const [header, ...rows] = data.values ?? [];
    expect(header).toEqual(expect.arrayContaining(["ID"]));
    const ownEvidence = (await stores(stack.db).iidEvidence.list()).filter((entry) => ["dinkes", "pkm-kedopok"].includes(entry.unitId));
    expect(ownEvidence.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(ownEvidence.length);
    expect(rows.some((row) => row.some((cell) => String(cell).startsWith("https://")))).toBe(true);
  });

  it("a preview of last week's city email already shows the demo evidence's readiness per unit", async () => {
    const lastWeek = todayWib(new Date(Date.now() - 7 * 86_400_000));
    const preview = await previewSummaries(stack.db, "weekly", lastWeek, config());
    const city = preview.files.find((file) => file.name.endsWith("-kota"));
    expect(city?.text).toContain("KESIAPAN INDEKS INOVASI DAERAH");
    // Dinkes: both scored innovations fully backed; a unit without evidence scores 0. Units are
    // named as staff know them, also in a past week's email.
    expect(city?.text).toMatch(/Dinas Kesehatan P2KB: rata-rata [1-9][0-9]*,[0-9], 2 inovasi dinilai; Semua inovasi yang dinilai sudah punya bukti/);
    expect(city?.text).toMatch(/Dinas Lingkungan Hidup: rata-rata 0,0/);
    expect(city?.text).not.toMatch(/^- (dinkes|dlh):/m);
  });

  it("seeding again creates nothing new", async () => {
    const again = await seedDemo(stores(stack.db));
    expect(again.created).toBe(0);
  });

  it("refuses to start a second stack on a data folder whose stack still runs", async () => {
    const running = readStackFile(stack.dataDir)!;
    // As another process would have written it: a live pid that is not ours (our parent).
    writeStackFile(stack.dataDir, { ...running, pid: process.ppid });
    try {
      await expect(startLocalStack({ port: 0, smtpPort: 0, dataDir: stack.dataDir, projectId: stack.projectId, reconcileEveryMs: 0 })).rejects.toBeInstanceOf(StackAlreadyRunning);
    } finally {
      writeStackFile(stack.dataDir, running);
    }
  });

  it("answers an unknown path with 404", async () => {
    expect((await fetch(`${stack.url}/tidakAda`)).status).toBe(404);
  });
});
