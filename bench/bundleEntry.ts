// A bench file a child process runs, as one ES module (our code inlined, packages from
// node_modules): the child starts with plain node, without a TypeScript loader. Built once per bench.
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const built = new Map<string, Promise<string>>();

/** The bundled file of the module at `moduleUrl` (pass `import.meta.url`), under test-output/bench. */
export function bundledEntry(moduleUrl: string): Promise<string> {
  let outfile = built.get(moduleUrl);
  if (!outfile) {
    const entry = fileURLToPath(moduleUrl);
    const target = join(dirname(entry), "..", "test-output", "bench", basename(entry).replace(/\.ts$/, ".mjs"));
    outfile = build({ entryPoints: [entry], outfile: target, bundle: true, platform: "node", format: "esm", target: "node22", packages: "external", logLevel: "error" }).then(() => target);
    built.set(moduleUrl, outfile);
  }
  return outfile;
}
