// `npx labinov` where no local stack runs and nothing is set: it says in Bahasa Indonesia what
// it needs (never firebase-admin's "Could not load the default credentials" and a stack
// trace); `doctor` never throws and each ✗ names the address it tried and what to do.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLocalStack } from "../../cli/localStack.js";
import { writeStackFile } from "../../local/stackFile.js";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "labinov-cli-"));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

/** A person's shell in an empty folder: no labinov variable, no Google credentials in HOME. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(FIRESTORE_EMULATOR_HOST|SHEETS_API_URL|SMTP_URL|GOOGLE_CLOUD_PROJECT|GOOGLE_APPLICATION_CREDENTIALS|METADATA_SERVER_DETECTION|LABINOV_.*|WEBHOOK_SECRET|ADMIN_TOKEN|MAIL_TRANSPORT)$/.test(key)),
  );
  return { ...env, HOME: cwd, ...extra };
}

async function labinov(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, "bin/labinov.js"), ...args], { cwd, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function expectNoCrash(output: { stdout: string; stderr: string }): void {
  const all = output.stdout + output.stderr;
  expect(all).not.toMatch(/Could not load the default credentials/);
  expect(all).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m); // no stack trace
}

describe("npx labinov without a local stack", () => {
  it("doctor answers every check, each ✗ with the address it tried and what to do", async () => {
    const doctor = await labinov(shellEnv(), "doctor");
    expectNoCrash(doctor);
    expect(doctor.code).toBe(1);
    const failed = doctor.stdout.split("\n").filter((line) => line.startsWith("✗"));
    expect(failed.map((line) => line.split(":")[0])).toEqual(expect.arrayContaining(["✗ Stack lokal", "✗ Firestore"]));
    const blocks = doctor.stdout.split(/\n(?=[✓✗] )/).filter((block) => block.startsWith("✗"));
    for (const block of blocks) {
      expect(block, block).toMatch(/(https?|smtp):\/\/|stack\.json/);
      expect(block, block).toMatch(/npm start|jalankan|periksa|isi /i);
    }
    expect(doctor.stdout).toContain(path.join(cwd, ".local", "stack.json"));
  }, 90_000);

  it.each([
    ["summary", "preview", "--kind", "weekly", "--period", "2026-11-20", "--out", "preview/"],
    ["sheets", "sync"],
  ])("%s %s says in Bahasa Indonesia that it needs `npm start` (or what to set)", async (...args) => {
    const result = await labinov(shellEnv(), ...args);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Firestore tidak ditemukan: tidak ada labinov lokal yang berjalan");
    expect(result.stderr).toContain("npm start");
    expect(result.stderr).toContain("FIRESTORE_EMULATOR_HOST");
  }, 60_000);

  it("for a real project without Google credentials, says how to log in instead of crashing", async () => {
    const env = shellEnv({ GOOGLE_CLOUD_PROJECT: "labinov-contoh-prod", METADATA_SERVER_DETECTION: "none" });
    const doctor = await labinov(env, "doctor");
    expectNoCrash(doctor);
    expect(doctor.stdout).toMatch(/✗ Firestore: https:\/\/firestore\.googleapis\.com\/v1\/projects\/labinov-contoh-prod.*gcloud auth application-default login/);
    const preview = await labinov(env, "summary", "preview", "--period", "2026-11-20", "--out", "preview/");
    expectNoCrash(preview);
    expect(preview.code).toBe(1);
    expect(preview.stderr).toContain("Kredensial Google tidak ditemukan");
  }, 90_000);

  it("a stack.json left by a stack that is gone is named as such, and not used", async () => {
    const dataDir = path.join(cwd, "sisa");
    writeStackFile(dataDir, {
      pid: 2 ** 22 + 1, // above Linux's largest pid: no such process
      projectId: "demo-labinov",
      firestoreHost: "127.0.0.1:1",
      sheetsApiUrl: "http://127.0.0.1:1",
      smtpUrl: "smtp://127.0.0.1:1",
      functionsUrl: "http://127.0.0.1:1",
      ready: true,
      startedAt: new Date().toISOString(),
    });
    const env: NodeJS.ProcessEnv = { LABINOV_LOCAL_DIR: dataDir };
    const use = useLocalStack(env);
    expect(use.kind).toBe("missing");
    expect(use.kind === "missing" && use.message).toContain(`pid ${2 ** 22 + 1}) sudah berhenti`);
    expect(env.FIRESTORE_EMULATOR_HOST).toBeUndefined();
  });
});
