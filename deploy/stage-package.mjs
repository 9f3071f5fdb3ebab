// Writes the deploy source's package.json: main registers every function (functions/index.js),
// dependencies as the repo's, no dev tools. Used by deploy/deploy.sh: node stage-package.mjs ROOT STAGE
import { readFileSync, writeFileSync } from "node:fs";

const [root, stage] = process.argv.slice(2);
if (!root || !stage) throw new Error("pakai: node deploy/stage-package.mjs <repo> <folder-stage>");
const repo = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
const deployed = {
  name: "labinov-functions",
  version: repo.version,
  private: true,
  type: "module",
  main: "functions/index.js",
  engines: { node: "22" },
  dependencies: repo.dependencies,
};
writeFileSync(`${stage}/package.json`, JSON.stringify(deployed, null, 2) + "\n");
