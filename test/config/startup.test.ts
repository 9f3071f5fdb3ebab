// The configuration is read when the deploy entry point loads: the real Functions Framework,
// started as Cloud Run starts it, refuses to serve with a bad variable and logs every problem.
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FRAMEWORK = path.join(ROOT, "node_modules", "@google-cloud", "functions-framework", "build", "src", "main.js");

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Node script under tsx with only the given variables (plus PATH), to its end or until `until` appears on stdout. */
function run(args: string[], env: Record<string, string>, until?: string): Promise<Exit & { kill(): void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", METADATA_SERVER_DETECTION: "none", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const kill = () => child.kill("SIGTERM");
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (until && stdout.includes(until)) resolve({ code: null, stdout, stderr, kill });
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, kill }));
  });
}

/** A port free now: the framework prints the port it was given, so it cannot be 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The framework prints "Serving function..." from its listen callback: the port answers by then. */
const serve = (target: string, env: Record<string, string>, port = 0) =>
  run([FRAMEWORK, "--source", "functions/index.ts", "--target", target, "--port", String(port)], env, "Serving function...");

describe("configuration at start-up", () => {
  it("a bad variable stops functions/index.ts from loading, and the log names every problem, rules across variables included", async () => {
    const started = await serve("sheetEdited", { STALLED_AFTER_DAYS: "abc", K_SERVICE: "sheetEdited", GOOGLE_CLOUD_PROJECT: "pemkot-probolinggo" });
    started.kill();
    expect(started.code).toBe(1);
    expect(started.stdout).not.toContain("Serving function");
    const entry = started.stderr
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { severity: string; message: string; problems?: string[] })
      .find((line) => line.problems);
    expect(entry?.severity).toBe("ERROR");
    expect(entry?.problems?.map((problem) => problem.split(":")[0])).toEqual(["STALLED_AFTER_DAYS", "WEBHOOK_SECRET"]);
    expect(entry?.problems?.[0]).toContain('"abc"');
  });

  it("a valid configuration serves; the function answers without any configuration text", async () => {
    const port = await freePort();
    const started = await serve("initSheets", { GOOGLE_CLOUD_PROJECT: "demo-startup", FIRESTORE_EMULATOR_HOST: process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:1" }, port);
    try {
      expect(started.stdout, started.stderr).toContain("Serving function...");
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST" });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toMatch(/konfigurasi|configuration/i);
    } finally {
      started.kill();
    }
  });

  it.each([
    ["error", ["ERROR"]],
    ["warn", ["WARNING", "ERROR"]],
    ["debug", ["DEBUG", "INFO", "WARNING", "ERROR"]],
  ])("LOG_LEVEL=%s is read through the configuration", async (level, shown) => {
    const script = `import { log } from "./src/log.ts"; log.debug("d"); log.info("i"); log.warn("w"); log.error("e");`;
    const result = await run(["--input-type=module", "-e", script], { LOG_LEVEL: level });
    const severities = (result.stdout + result.stderr)
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { severity: string }).severity);
    expect(result.code).toBe(0);
    expect(severities.sort()).toEqual([...shown].sort());
  });
});
