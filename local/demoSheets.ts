// The local stack's demo spreadsheets, made once in the Sheets emulator: one per demo OPD
// (tabs "Inovasi" and "Bukti IID") and the coordinators' city-wide spreadsheet (whose `sheets
// init` also makes the "Dasbor" tab with its charts), each registered as sync targets, laid out
// by `sheets init` and filled by a first sync, exactly as an IT admin would set them up.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { initTarget, SheetTargetStore, syncSpreadsheet } from "../sheets/index.js";
import { stores } from "../src/store/kinds.js";

export interface DemoSpreadsheet {
  title: string;
  spreadsheetId: string;
  viewUrl: string;
}

/** A unit's tabs: its innovations and their IID evidence, as `sheets add --kind iidEvidence --tab "Bukti IID"` makes it. */
const UNIT_TABS = [
  { tab: "Inovasi", kind: "innovations" as const },
  { tab: "Bukti IID", kind: "iidEvidence" as const },
];

const DEMO = [
  { title: "Inovasi Dinas Kesehatan P2KB", units: ["dinkes", "pkm-kedopok"], tabs: UNIT_TABS },
  { title: "Inovasi Kecamatan Mayangan", units: ["kec-mayangan", "kel-mangunharjo"], tabs: UNIT_TABS },
  {
    title: "Laboratorium Inovasi Kota Probolinggo",
    units: "all" as const,
    tabs: [
      { tab: "Inovasi", kind: "innovations" as const },
      { tab: "Program", kind: "programs" as const },
    ],
  },
];

export async function ensureDemoSheets(db: Firestore, sheets: sheets_v4.Sheets, viewBase: string): Promise<DemoSpreadsheet[]> {
  const targets = new SheetTargetStore(db);
  const existing = await targets.list();
  if (existing.length > 0) {
    const ids = [...new Set(existing.map((target) => target.spreadsheetId))];
    return Promise.all(
      ids.map(async (spreadsheetId) => {
        const { data } = await sheets.spreadsheets.get({ spreadsheetId, fields: "properties.title" });
        return { title: data.properties?.title ?? spreadsheetId, spreadsheetId, viewUrl: `${viewBase}/view/${spreadsheetId}` };
      }),
    );
  }
  const made: DemoSpreadsheet[] = [];
  const actor = { by: "local-stack", source: "cli" as const };
  for (const demo of DEMO) {
    const created = await sheets.spreadsheets.create({
      requestBody: {
        properties: { title: demo.title, locale: "id_ID", timeZone: "Asia/Jakarta" },
        sheets: demo.tabs.map(({ tab }) => ({ properties: { title: tab } })),
      },
    });
    const spreadsheetId = created.data.spreadsheetId!;
    const added: { id: string; kind: string }[] = [];
    for (const { tab, kind } of demo.tabs) {
      const target = await targets.add({ spreadsheetId, tab, kind, units: demo.units });
      await initTarget({ db, sheets }, target.id);
      added.push(target);
    }
    await syncSpreadsheet({ db, sheets }, spreadsheetId, { full: true });
    // The first sync inserts the evidence rows under the header, beside the dropdown cells the
    // first init laid; a second init (its layout fingerprint cleared) lays the dropdowns over them.
    for (const target of added.filter((one) => one.kind === "iidEvidence")) {
      await targets.setLayoutHash(target.id, "");
      await initTarget({ db, sheets }, target.id);
    }
    const viewUrl = `${viewBase}/view/${spreadsheetId}`;
    if (demo.units !== "all") {
      for (const unitId of demo.units) await stores(db).units.update(unitId, { spreadsheetUrl: viewUrl }, actor);
    }
    made.push({ title: demo.title, spreadsheetId, viewUrl });
  }
  return made;
}
