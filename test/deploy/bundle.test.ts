// deploy/bundle.mjs: the folders deploy.sh ships (and the bench times). Each holds one
// function: it loads and registers that function under its name, its package.json lists only
// what its code imports, the mail transport is not loaded until mail is sent, and the gcp-build
// step writes Node's compile cache. Nothing here is timed (the bench measures the speed).
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

/** Loads a folder's main in a fresh node, as the Functions Framework does; prints what registered and which packages loaded. */
function load(name: string, extraEnv: Record<string, string> = {}) {
  const probe = `
    import { createRequire } from "node:module";
    await import(${JSON.stringify(join(out, name, "index.js"))});
    const { getFunction } = await import("@google-cloud/functions-framework/testing");
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /node_modules\\/(nodemailer|@googleapis\\/gmail)\\//.test(path));
    console.log(JSON.stringify({ registered: typeof getFunction(${JSON.stringify(name)}), mailLoaded: loaded.length > 0 }));`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: join(out, name), encoding: "utf8", env: { ...ENV, ...extraEnv } });
}

describe("deploy/bundle.mjs", () => {
  it("builds one folder per registered function", () => {
    expect(bundle.status, bundle.stderr).toBe(0);
    expect(readdirSync(out).filter((entry) => entry !== "node_modules").sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it.each(FUNCTION_NAMES)("%s: its package.json runs index.js, primes the cache in gcp-build, and names only repo dependencies it imports", (name) => {
    const pkg = packageOf(name);
    expect(pkg.main).toBe("index.js");
    expect(pkg.scripts["gcp-build"]).toBe("node prime-cache.mjs");
    for (const [dependency, version] of Object.entries(pkg.dependencies)) expect(version, dependency).toBe(repo.dependencies[dependency]);
    expect(pkg.dependencies).toHaveProperty("@google-cloud/functions-framework");
    // Bundled, so not installed: the packages esbuild inlines.
    expect(pkg.dependencies).not.toHaveProperty("zod");
    expect(pkg.dependencies).not.toHaveProperty("date-fns");
  });

  it.each(FUNCTION_NAMES)("%s: loading the folder registers the function and loads no mail transport", (name) => {
    const result = load(name);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1)!)).toEqual({ registered: "function", mailLoaded: false });
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
