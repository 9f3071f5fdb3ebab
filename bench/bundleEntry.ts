// A bench file a child process runs, as one ES module (our code inlined, packages from
// node_modules): the child starts with plain node, without a TypeScript loader. Built once per bench.
// `deployed`: bundled with deploy/bundle.mjs's options instead (every package inlined, lazy chunks
// apart), so the child loads and holds what a deployed function does: packages loaded from
// node_modules through Node's ESM loader cost the sync child some 18 MB more RSS
// (bench/baselineMemory.ts).
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { deployBuildOptions } from "../deploy/bundle.mjs";

const built = new Map<string, Promise<string>>();

/** The bundled file of the module at `moduleUrl` (pass `import.meta.url`), under test-output/bench. */
export function bundledEntry(moduleUrl: string, options: { deployed?: boolean } = {}): Promise<string> {
  const key = `${moduleUrl}${options.deployed ? "#deployed" : ""}`;
  let outfile = built.get(key);
  if (!outfile) {
    const entry = fileURLToPath(moduleUrl);
    const name = basename(entry).replace(/\.ts$/, "");
    const folder = join(dirname(entry), "..", "test-output", "bench");
    outfile = options.deployed
      ? build({ ...deployBuildOptions(), entryPoints: [entry], outdir: join(folder, `${name}-deployed`), outExtension: { ".js": ".mjs" }, logLevel: "error" }).then(() => join(folder, `${name}-deployed`, `${name}.mjs`))
      : build({ entryPoints: [entry], outfile: join(folder, `${name}.mjs`), bundle: true, platform: "node", format: "esm", target: "node22", packages: "external", logLevel: "error" }).then(() => join(folder, `${name}.mjs`));
    built.set(key, outfile);
  }
  return outfile;
}
