// What npm prints around the project on a machine whose own Node is older than the Node 22
// the project brings (the `node` devDependency): `npx labinov` must not warn EBADENGINE,
// `npm ci` only for the one dev-only package README names, and the preview folder README
// suggests is ignored by git.
import { execFile } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");

/** PATH as the machine has it, without the node_modules/.bin folders npm and vitest put first. */
const machinePath = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir && !dir.includes("node_modules"))
  .join(path.delimiter);

function machineNode(): string | undefined {
  for (const dir of machinePath.split(path.delimiter)) {
    const candidate = path.join(dir, "node");
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    return candidate;
  }
  return undefined;
}

async function nodeMajor(nodePath: string): Promise<number> {
  const { stdout } = await run(nodePath, ["--version"]);
  return Number(/^v(\d+)/.exec(stdout.trim())?.[1] ?? 0);
}

const found = machineNode();
const major = found ? await nodeMajor(found) : 0;
const older = found !== undefined && major < 22;
const whyNot = !found ? "skipped: no Node.js of the machine's own on the PATH" : `skipped: the machine's own Node is ${major}, no older than the project's 22, so there is no engine mismatch to provoke`;

/** The packages an EBADENGINE warning in npm's output names. */
function badEnginePackages(output: string): string[] {
  return [...output.matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map((match) => match[1]!);
}

describe("npm on the machine's older Node", () => {
  // A person's shell: none of the npm_* variables the npx that started vitest set.
  const shell = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));
  const env = { ...shell, PATH: machinePath, npm_config_update_notifier: "false" };
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  it.skipIf(!older)(`npx labinov --help warns about no engine ${older ? "" : whyNot}`, async () => {
    const { stdout, stderr } = await run("npx", ["labinov", "--help"], { cwd: repoRoot, env });
    expect(stdout).toContain("labinov");
    expect(badEnginePackages(stderr)).toEqual([]);
    expect(stderr).not.toContain("EBADENGINE");
  }, 60_000);

  it.skipIf(!older)(`npm ci warns only about the dev-only package README explains ${older ? "" : whyNot}`, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "labinov-npmci-"));
    scratch.push(dir);
    for (const file of ["package.json", "package-lock.json"]) await copyFile(path.join(repoRoot, file), path.join(dir, file));
    // A dry run from the lockfile: npm checks every package's engines without installing anything.
    const { stdout, stderr } = await run("npm", ["ci", "--dry-run", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, env });
    const warned = [...new Set(badEnginePackages(stdout + stderr))];
    expect(warned.every((name) => name.startsWith("ky@")), warned.join(", ")).toBe(true);
    expect(warned.some((name) => name.startsWith("labinov@"))).toBe(false);
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    for (const name of warned) expect(readme).toContain(`\`${name.split("@")[0]}\``);
  }, 60_000);
});

describe(".gitignore", () => {
  it("ignores the preview folder README's `summary preview --out preview/` writes", async () => {
    const { stdout } = await run("git", ["check-ignore", "-v", "preview/unit-dinkes.html"], { cwd: repoRoot });
    expect(stdout).toContain(".gitignore");
  });
});
