// `npm start` as a terminal runs it, each ending a person or a machine causes: Ctrl-C during
// start-up, the terminal closed (SIGHUP), kill -9 of npm and node, and everything killed
// including the emulator's Java. After each: no process of ours is left, no second emulator
// ever runs beside one, and every acknowledged Firestore write is there on the next start.
// /healthz answers while the stack starts; /readyz only once demo data and sheets are there.
// A Ctrl-C while the Firestore triggers wait for their first snapshots (before "siap") stops
// everything too, also when the emulator died there and the listeners would retry without end.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { exportFirestoreEmulator, latestExport } from "../../local/firestoreEmulator.js";
import { readEmulatorRecord } from "../../local/orphanEmulator.js";
import { readStackFile, type StackEndpoints } from "../../local/stackFile.js";
import { MAIL_OUTBOX_COLLECTION, type QueuedMail } from "../../src/forms/mailLedger.js";
import { firestore } from "../../src/store/db.js";
import { emulatorHost } from "../support/firestore.js";
import { killMarked, markedProcesses, ownEndpoints, readyEndpoints, spawnNpmStart, until, type SpawnedStack } from "./spawnedStack.js";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const spawned: SpawnedStack[] = [];
const folders: string[] = [];

afterAll(async () => {
  for (const stack of spawned) killMarked(stack.marker);
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function workspace(): Promise<{ cwd: string; dataDir: string }> {
  const cwd = await mkdtemp(path.join(tmpdir(), "labinov-lifecycle-"));
  folders.push(cwd);
  return { cwd, dataDir: path.join(cwd, ".local") };
}

function start(dataDir: string, env: NodeJS.ProcessEnv = {}): SpawnedStack {
  const stack = spawnNpmStart(dataDir, env);
  spawned.push(stack);
  return stack;
}

function noneLeft(stack: SpawnedStack, timeoutMs = 45_000): Promise<true> {
  return until(`every process of ${stack.marker} to end:\n${markedProcesses(stack.marker).map((process) => `${process.state} ${process.command}`).join("\n")}\n${stack.output()}`, () => (markedProcesses(stack.marker).length === 0 ? true : undefined), timeoutMs);
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

const owner = { authorization: "Bearer owner" };
const documents = (endpoints: StackEndpoints) => `http://${endpoints.firestoreHost}/v1/projects/${endpoints.projectId}/databases/(default)/documents`;

/** An acknowledged write straight to the emulator (REST), in a collection only Firestore holds. */
async function writeProbe(endpoints: StackEndpoints, id: string): Promise<void> {
  const response = await fetch(`${documents(endpoints)}/lifecycleProbes?documentId=${id}`, {
    method: "POST",
    headers: { ...owner, "content-type": "application/json" },
    body: JSON.stringify({ fields: { written: { stringValue: new Date().toISOString() } } }),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function probeIds(endpoints: StackEndpoints): Promise<string[]> {
  const response = await fetch(`${documents(endpoints)}/lifecycleProbes?pageSize=100`, { headers: owner });
  const body = (await response.json()) as { documents?: { name: string }[] };
  return (body.documents ?? []).map((document) => document.name.split("/").at(-1)!).sort();
}

/**
 * A data folder whose Firestore export holds a long mail history (3,000 notices sent long ago):
 * the mail trigger's first snapshot then takes a second or so, a wait a test can step into.
 */
async function dataFolderWithMailHistory(): Promise<{ dataDir: string; projectId: string }> {
  const { dataDir } = await workspace();
  const projectId = `demo-riwayat-${randomUUID().slice(0, 8)}`;
  const db = firestore(projectId);
  const text = "Usulan inovasi baru untuk unit kerja Anda telah diterima. ".repeat(50);
  for (let first = 0; first < 3000; first += 500) {
    const batch = db.batch();
    for (let index = first; index < first + 500; index++) {
      const entry: QueuedMail = {
        status: "sent",
        message: { to: ["kec.kedopok@probolinggokota.go.id"], subject: `Usulan inovasi baru (nomor INO-F-LAMA${index})`, text, html: `<p>${text}</p>`, messageId: null },
        queuedAt: "2025-11-01T02:00:00.000Z",
        sentAt: "2025-11-01T02:00:05.000Z",
      };
      batch.set(db.collection(MAIL_OUTBOX_COLLECTION).doc(`INO-F-LAMA${index}-unit-head`), entry);
    }
    await batch.commit();
  }
  await exportFirestoreEmulator(emulatorHost(), projectId, path.join(dataDir, "firestore"));
  return { dataDir, projectId };
}

const TRIGGERS_STEP = "menyalakan pemicu Firestore";

/** Returns once /readyz names the step where the triggers wait for their first snapshots. */
async function waitingForTriggers(stack: SpawnedStack): Promise<StackEndpoints> {
  const endpoints = await ownEndpoints(stack);
  await until(`/readyz to name the step "${TRIGGERS_STEP}"\n${stack.output()}`, async () => {
    const ready = await fetch(`${endpoints.functionsUrl}/readyz`);
    const body = (await ready.json()) as { step?: string };
    if (ready.status === 200) throw new Error(`the stack was ready before the test saw it wait for its triggers\n${stack.output()}`);
    return body.step === TRIGGERS_STEP ? true : undefined;
  }, 120_000, 10);
  return endpoints;
}

/** npm start has returned (what the person at the terminal waits for before starting it again), soon after the signal. */
function returned(stack: SpawnedStack, timeoutMs = 45_000): Promise<true> {
  return until(`npm start to return\n${stack.output()}`, () => (stack.child.exitCode !== null || stack.child.signalCode !== null ? true : undefined), timeoutMs);
}

/** Every port the stack had (its functions, the emulator, the Sheets emulator, the SMTP sink) is free. */
async function everyPortFree(endpoints: StackEndpoints): Promise<void> {
  const ports = [
    Number(new URL(endpoints.functionsUrl).port),
    Number(endpoints.firestoreHost.split(":")[1]),
    Number(new URL(endpoints.sheetsApiUrl).port),
    Number(new URL(endpoints.smtpUrl).port),
  ];
  expect(ports.every((port) => port > 0)).toBe(true);
  for (const port of ports) expect(await portRefuses(port), `port ${port}`).toBe(true);
}

function emulatorJava(stack: SpawnedStack) {
  return markedProcesses(stack.marker).filter((process) => /\bjava\b/.test(process.command) && /firestore/i.test(process.command));
}

/**
 * `npm start` on a data folder with a long mail history; once its triggers wait for their first
 * snapshots, `meanwhile` happens, then Ctrl-C: it never says it runs, returns soon with every
 * port free, and leaves no process, emulator record or stack.json behind.
 */
async function ctrlCWhileTriggersWait(meanwhile: (stack: SpawnedStack) => void = () => {}): Promise<void> {
  const { dataDir, projectId } = await dataFolderWithMailHistory();
  const stack = start(dataDir, { GOOGLE_CLOUD_PROJECT: projectId });
  const endpoints = await waitingForTriggers(stack);
  meanwhile(stack);
  stack.signal("SIGINT");
  // Free the moment npm start returns (the emulator's Java included), so it can start again at once.
  await returned(stack);
  await everyPortFree(endpoints);
  await noneLeft(stack);
  expect(stack.output()).not.toContain("labinov lokal berjalan");
  expect(readEmulatorRecord(dataDir)).toBeUndefined();
  expect(readStackFile(dataDir)).toBeUndefined();
}

// Which processes are ours is read from /proc (Linux), as the orphan check itself does.
const procfs = existsSync("/proc/self/environ");

describe.skipIf(!procfs)(`npm start, as a terminal runs it${procfs ? "" : " (skipped: no /proc on this system, so the test cannot see which processes are left)"}`, () => {
  it("Ctrl-C while the Firestore emulator starts leaves no process of ours and frees the emulator's port", async () => {
    const { dataDir } = await workspace();
    const stack = start(dataDir);
    const java = await until(`the emulator's Java\n${stack.output()}`, () => emulatorJava(stack)[0]);
    const port = Number(/--port[= ](\d+)/.exec(markedProcesses(stack.marker).map((process) => process.command).join(" "))?.[1]);
    stack.signal("SIGINT");
    await noneLeft(stack);
    expect(java.pid).toBeGreaterThan(0);
    expect(port).toBeGreaterThan(0);
    expect(await portRefuses(port)).toBe(true);
    expect(readEmulatorRecord(dataDir)).toBeUndefined();
  }, 120_000);

  it("Ctrl-C later in start-up (the port answers, demo data not ready yet) stops everything too", async () => {
    const { dataDir } = await workspace();
    const stack = start(dataDir);
    const endpoints = await ownEndpoints(stack);
    expect(endpoints.ready).toBe(false);
    stack.signal("SIGINT");
    await returned(stack);
    await everyPortFree(endpoints);
    await noneLeft(stack);
    expect(readEmulatorRecord(dataDir)).toBeUndefined();
    expect(readStackFile(dataDir)).toBeUndefined();
  }, 120_000);

  it("Ctrl-C while the Firestore triggers wait for their first snapshots stops everything and frees every port", async () => {
    await ctrlCWhileTriggersWait();
  }, 180_000);

  it("the emulator dies while the triggers wait (their listeners retry without end): Ctrl-C still stops everything", async () => {
    await ctrlCWhileTriggersWait((stack) => {
      for (const java of emulatorJava(stack)) process.kill(java.pid, "SIGKILL");
    });
  }, 180_000);

  describe("one data folder across endings", () => {
    let folder: { cwd: string; dataDir: string };

    it("/healthz answers while it starts, /readyz only once the demo data and spreadsheets are there", async () => {
      folder = await workspace();
      const stack = start(folder.dataDir);
      const early = await ownEndpoints(stack);
      expect(early.ready).toBe(false);
      let firstHealthy: number | undefined;
      const readyAt = await until(`/readyz 200\n${stack.output()}`, async () => {
        const [health, ready] = await Promise.all([fetch(`${early.functionsUrl}/healthz`), fetch(`${early.functionsUrl}/readyz`)]);
        if (health.status === 200) firstHealthy ??= Date.now();
        if (ready.status !== 200) {
          expect(ready.status).toBe(503);
          expect(await ready.json()).toMatchObject({ status: "menyiapkan", step: expect.any(String) });
          return undefined;
        }
        return Date.now();
      });
      // Ready means ready: the demo records and the city-wide spreadsheet, full, at that moment.
      const targets = (await (await fetch(`${documents(early)}/sheetTargets?pageSize=100`, { headers: owner })).json()) as { documents: { fields: { spreadsheetId: { stringValue: string }; units: unknown } }[] };
      const city = targets.documents.find((target) => "stringValue" in (target.fields.units as object));
      const values = (await (await fetch(`${early.sheetsApiUrl}/v4/spreadsheets/${city!.fields.spreadsheetId.stringValue}/values/Inovasi`)).json()) as { values: string[][] };
      expect(values.values).toHaveLength(31);
      expect(firstHealthy).toBeLessThan(readyAt);
      expect(readStackFile(folder.dataDir)?.ready).toBe(true);
      expect(stack.output()).toContain("/readyz");
    }, 180_000);

    it("with the stack running, the CLI finds it by itself: doctor, summary preview and sheets sync, nothing set", async () => {
      const env = { ...process.env };
      for (const key of ["FIRESTORE_EMULATOR_HOST", "SHEETS_API_URL", "SMTP_URL", "GOOGLE_CLOUD_PROJECT", "METADATA_SERVER_DETECTION", "LABINOV_LOCAL_DIR", "WEBHOOK_SECRET", "ADMIN_TOKEN"]) delete env[key];
      const cli = (...args: string[]) => run(process.execPath, [path.join(repoRoot, "bin/labinov.js"), ...args], { cwd: folder.cwd, env });
      const doctor = await cli("doctor");
      expect(doctor.stdout).not.toContain("✗");
      expect(doctor.stdout).toMatch(/✓ Firestore: .*127\.0\.0\.1/);
      expect(doctor.stdout).toMatch(/✓ Google Sheets API/);
      expect(doctor.stdout).toMatch(/✓ SMTP/);
      const preview = await cli("summary", "preview", "--kind", "weekly", "--period", "2026-11-20", "--out", "preview/");
      expect(preview.stdout).toMatch(/email ditulis ke .*preview/);
      const sync = await cli("sheets", "sync");
      expect(sync.stdout).toMatch(/permintaan Sheets API/);
      for (const output of [doctor, preview, sync]) {
        expect(output.stderr).not.toMatch(/MetadataLookupWarning|default credentials|SHEETS_API_URL/);
      }
    }, 120_000);

    it("closing the terminal (SIGHUP) saves what Firestore acknowledged and leaves no process behind", async () => {
      const stack = spawned.at(-1)!;
      const endpoints = await readyEndpoints(stack);
      await writeProbe(endpoints, "before-hangup");
      // The terminal is gone: nothing reads what the stack prints any more.
      stack.child.stdout!.destroy();
      stack.child.stderr!.destroy();
      stack.signal("SIGHUP");
      await noneLeft(stack);
      expect(readEmulatorRecord(folder.dataDir)).toBeUndefined();
      expect(readStackFile(folder.dataDir)).toBeUndefined();
    }, 90_000);

    it("after kill -9 of npm and node, the next start saves and stops the emulator left running, never a second beside it", async () => {
      const first = start(folder.dataDir);
      const endpoints = await readyEndpoints(first);
      expect(await probeIds(endpoints)).toEqual(["before-hangup"]);
      await writeProbe(endpoints, "before-kill");
      first.signal("SIGKILL"); // the terminal's group: npm, tsx, node; the emulator has its own
      await until("npm and node to die", () => (markedProcesses(first.marker).every((process) => process.pgid !== first.pgid) ? true : undefined));
      const orphan = emulatorJava(first);
      expect(orphan).toHaveLength(1);

      const second = start(folder.dataDir);
      const next = await readyEndpoints(second);
      expect(markedProcesses(first.marker)).toEqual([]);
      expect(emulatorJava(second)).toHaveLength(1);
      expect(await probeIds(next)).toEqual(["before-hangup", "before-kill"]);
    }, 240_000);

    it("saves as it goes: with the emulator killed too, a write saved before the crash is there on the next start", async () => {
      const stack = spawned.at(-1)!;
      const endpoints = await readyEndpoints(stack);
      const before = Date.now();
      await writeProbe(endpoints, "before-crash");
      await until("the write to be saved to the data folder", () => {
        const metadata = latestExport(path.join(folder.dataDir, "firestore"));
        return metadata && statSync(metadata).mtimeMs > before ? true : undefined;
      }, 30_000);
      killMarked(stack.marker); // npm, node and the emulator's Java, all at once
      await noneLeft(stack);

      const again = start(folder.dataDir);
      const next = await readyEndpoints(again);
      expect(await probeIds(next)).toEqual(["before-crash", "before-hangup", "before-kill"]);
      again.signal("SIGINT");
      await noneLeft(again);
      expect(again.output()).toContain("SIGINT: menghentikan semua layanan dan menyimpan data");
      expect(readEmulatorRecord(folder.dataDir)).toBeUndefined();
      expect(readStackFile(folder.dataDir)).toBeUndefined();
    }, 240_000);
  });
});
