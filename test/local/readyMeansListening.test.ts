// "siap" means every Firestore trigger listens. The local relay takes what a listener's first
// snapshot holds as already there and sends no event for it, so a stack that said "siap" before
// the emulator had taken its listeners would swallow a proposal submitted at once: no row by the
// trigger, no notice ever. Here the real stack starts again on its data folder (demo data and
// spreadsheets laid out by a first start) and reaches Firestore over a slow link (100 ms each
// way, as a busy laptop or a remote emulator can be), the reconcile timer is off, and the very
// moment the stack says it is ready a proposal is committed as the form intake commits it (the
// record and the unit head's notice in one batch), straight to the emulator: its row in the
// unit's spreadsheet and the notice can only come from the events.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deleteApp, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, type LocalStack } from "../../local/stack.js";
import { sheetsClient } from "../../sheets/client.js";
import { queueMailIn } from "../../src/forms/mailLedger.js";
import { stores } from "../../src/store/kinds.js";
import { emulatorHost } from "../support/firestore.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { slowLink, type SlowLink } from "./slowLink.js";
import { until } from "./spawnedStack.js";

const PROPOSAL = `Si-Cepat Rujukan ${randomUUID().slice(0, 8)}`;
const PROPOSAL_ID = "INO-F-SIAP0000000001";
const UNIT_HEAD = "dinkes@probolinggokota.go.id";

describe("a proposal committed the moment the local stack says it is ready", () => {
  const projectId = `demo-siap-${randomUUID().slice(0, 8)}`;
  // The staff side's own client, straight to the emulator (not over the stack's slow link).
  const staffApp = initializeApp({ projectId }, `siap-staff-${projectId}`);
  let link: SlowLink;
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    const staff = getFirestore(staffApp);
    await staff.listCollections(); // connected before the race starts
    dataDir = await mkdtemp(join(tmpdir(), "labinov-siap-"));
    link = await slowLink(emulatorHost());
    const direct = process.env.FIRESTORE_EMULATOR_HOST;
    // The stack's client (one per project in this process) is made on its first start, over the link.
    process.env.FIRESTORE_EMULATOR_HOST = link.host;
    try {
      const options = { port: 0, smtpPort: 0, dataDir, projectId, reconcileEveryMs: 0 };
      await (await startLocalStack(options)).stop();
      link.slowDown(100);
      stack = await startLocalStack(options);
    } finally {
      process.env.FIRESTORE_EMULATOR_HOST = direct;
    }
    // Nothing awaited between "siap" and the commit.
    const inserted = await stores(staff).innovations.insertNew(PROPOSAL_ID, innovationFields({ name: PROPOSAL }), testActor, {
      alongside: (writes) =>
        queueMailIn(writes, staff, `${PROPOSAL_ID}-unit-head`, { to: [UNIT_HEAD], subject: `Usulan inovasi baru: ${PROPOSAL}`, text: PROPOSAL, html: `<p>${PROPOSAL}</p>` }),
    });
    expect(inserted?.name).toBe(PROPOSAL);
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
    await link?.close();
    await deleteApp(staffApp);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("its row reaches the unit's spreadsheet through the record trigger", async () => {
    const sheets = sheetsClient({ SHEETS_API_URL: stack.sheetsEmulator.url });
    const unit = stack.spreadsheets.find((sheet) => sheet.title === "Inovasi Dinas Kesehatan P2KB")!;
    const row = await until(
      "the proposal's row in the unit's spreadsheet",
      async () => {
        const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: unit.spreadsheetId, range: "Inovasi" });
        return (data.values ?? []).find((cells) => cells.includes(PROPOSAL));
      },
      60_000,
    );
    expect(row).toContain(PROPOSAL);
  }, 90_000);

  it("and the unit head's notice is sent through the mail trigger", async () => {
    const notice = await until(
      "the unit head's notice in the SMTP sink",
      async () => (await stack.smtpSink.messages()).find((message) => message.to.includes(UNIT_HEAD)),
      60_000,
    );
    expect(notice.subject).toBe(`Usulan inovasi baru: ${PROPOSAL}`);
  }, 90_000);
});
