// deploy/bundle.mjs: the folders deploy.sh ships (and the bench times). Each holds one
// function: it loads and registers that function under its name, everything but the Functions
// Framework is inside the bundle (its package.json installs only that), the mail transport is a
// chunk not loaded until mail is sent, and the gcp-build step writes Node's compile cache.
// bundleServes.test.ts runs the bundles against the emulators. Nothing here is timed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../functions/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "labinov-bundle-test-"));
const bundle = spawnSync(process.execPath, [join(ROOT, "deploy/bundle.mjs"), ROOT, out], { encoding: "utf8" });
symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"), "dir");
afterAll(() => rmSync(out, { recursive: true, force: true }));

const repo = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const packageOf = (name: string) => JSON.parse(readFileSync(join(out, name, "package.json"), "utf8")) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };
const ENV = { ...process.env, GOOGLE_CLOUD_PROJECT: "demo-bundle", METADATA_SERVER_DETECTION: "none", LOG_LEVEL: "error" };

/** Loads a folder's main in a fresh node, as the Functions Framework does; prints what registered. */
function load(name: string, extraEnv: Record<string, string> = {}) {
  const probe = `
    await import(${JSON.stringify(join(out, name, "index.js"))});
    const { getFunction } = await import("@google-cloud/functions-framework/testing");
    console.log(JSON.stringify({ registered: typeof getFunction(${JSON.stringify(name)}) }));`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: join(out, name), encoding: "utf8", env: { ...ENV, ...extraEnv } });
}

/** The files of a folder that load with function.js: it and the chunks it imports statically, transitively. */
function loadedAtStart(name: string): string[] {
  const files = ["function.js"];
  for (const file of files) {
    const source = readFileSync(join(out, name, file), "utf8");
    for (const match of source.matchAll(/^(?:import|export)\b[^;]*?["']\.\/([\w.-]+\.js)["']/gm)) if (!files.includes(match[1]!)) files.push(match[1]!);
  }
  return files;
}

/** Whether esbuild put a module of this package in the file (it heads each with its path). */
const holdsPackage = (name: string, file: string, pkg: string) => readFileSync(join(out, name, file), "utf8").includes(`node_modules/${pkg}/`);

describe("deploy/bundle.mjs", () => {
  it("builds one folder per registered function", () => {
    expect(bundle.status, bundle.stderr).toBe(0);
    expect(readdirSync(out).filter((entry) => entry !== "node_modules").sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it.each(FUNCTION_NAMES)("%s: its package.json runs index.js, primes the cache in gcp-build, and installs only the Functions Framework", (name) => {
    const pkg = packageOf(name);
    expect(pkg.main).toBe("index.js");
    expect(pkg.scripts["gcp-build"]).toBe("node prime-cache.mjs");
    // Everything else (firebase-admin, the Google clients, zod, ...) is inside the bundle.
    expect(pkg.dependencies).toEqual({ "@google-cloud/functions-framework": repo.dependencies["@google-cloud/functions-framework"] });
  });

  it.each(FUNCTION_NAMES)("%s: loading the folder registers the function; the Google clients load with it, the mail transport does not", (name) => {
    const result = load(name);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1)!)).toEqual({ registered: "function" });
    // Nothing on stderr: no deprecation warning from a bundled package (Node's own punycode).
    expect(result.stderr).toBe("");
    const atStart = loadedAtStart(name);
    expect(atStart.some((file) => holdsPackage(name, file, "@google-cloud/firestore"))).toBe(true);
    expect(atStart.some((file) => holdsPackage(name, file, "nodemailer"))).toBe(false);
    expect(atStart.some((file) => holdsPackage(name, file, "@googleapis/gmail"))).toBe(false);
    const chunks = readdirSync(join(out, name)).filter((file) => file.endsWith(".js") && !atStart.includes(file));
    expect(chunks.some((file) => holdsPackage(name, file, "nodemailer"))).toBe(true);
  });

  it("a bad configuration stops the bundled function as it loads, naming the variable", () => {
    const result = load("sheetEdited", { LOG_LEVEL: "cerewet" });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("LOG_LEVEL");
  });

  it("the gcp-build step writes Node's compile cache into the folder, and index.js reads it from there", () => {
    const prime = spawnSync(process.execPath, ["prime-cache.mjs"], { cwd: join(out, "reconcileSheets"), encoding: "utf8", env: ENV });
    expect(prime.status, prime.stderr).toBe(0);
    expect(prime.stdout).toContain("compile cache primed");
    const cache = join(out, "reconcileSheets", ".compile-cache");
    expect(existsSync(cache) && readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
  });
});
