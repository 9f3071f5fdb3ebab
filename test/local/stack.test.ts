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
