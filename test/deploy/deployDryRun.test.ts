// deploy/deploy.sh --dry-run: prints every command, runs none, and deploys exactly the
// functions functions/index.ts registers, each with its trigger and access rule.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFunction } from "@google-cloud/functions-framework/testing";
import { describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../functions/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Names passed to http()/cloudEvent() in each file functions/index.ts imports. */
function registeredNames(): string[] {
  const index = readFileSync(join(ROOT, "functions/index.ts"), "utf8");
  const files = [...index.matchAll(/^import "\.\/(\w+)\.js";$/gm)].map((match) => match[1]!);
  return files.flatMap((file) =>
    [...readFileSync(join(ROOT, `functions/${file}.ts`), "utf8").matchAll(/^(?:http|cloudEvent)\("(\w+)"/gm)].map((match) => match[1]!),
  );
}

function dryRun(env: Record<string, string> = { PROJECT_ID: "labinov-prod" }) {
  // A tripwire, not a stand-in: if the dry run ever executed gcloud/npm/npx, this marks it.
  const bin = mkdtempSync(join(tmpdir(), "labinov-deploy-bin-"));
  const marker = join(bin, "executed");
  for (const tool of ["gcloud", "npm", "npx", "firebase"]) {
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${marker}"\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  const result = spawnSync("bash", [join(ROOT, "deploy/deploy.sh"), "--dry-run"], {
    encoding: "utf8",
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: tmpdir(), ...env },
  });
  return { ...result, executed: existsSync(marker) ? readFileSync(marker, "utf8") : "" };
}

const commands = () => dryRun().stdout.split("\n").filter((line) => line.startsWith("+ "));

describe("deploy/deploy.sh --dry-run", () => {
  it("functions/index.ts registers exactly the functions it lists", () => {
    expect(registeredNames().sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const name of FUNCTION_NAMES) expect(getFunction(name), name).toBeTypeOf("function");
  });

  it("prints the commands and runs none of them", () => {
    const result = dryRun();
    expect(result.status, result.stderr).toBe(0);
    expect(result.executed).toBe("");
    expect(result.stdout).toContain("DRY RUN");
  });

  it("deploys every registered function on nodejs22 with its own entry point and service account", () => {
    const lines = commands();
    for (const name of registeredNames()) {
      const deploy = lines.filter((line) => line.startsWith(`+ gcloud functions deploy ${name} `));
      expect(deploy, name).toHaveLength(1);
      expect(deploy[0]).toContain(`--entry-point=${name}`);
      expect(deploy[0]).toContain("--runtime=nodejs22");
      expect(deploy[0]).toContain("--gen2");
      expect(deploy[0]).toMatch(/--service-account=labinov-\w+@labinov-prod\.iam\.gserviceaccount\.com/);
    }
    expect(lines.filter((line) => line.startsWith("+ gcloud functions deploy "))).toHaveLength(registeredNames().length);
  });

  const access: [string, RegExp][] = [
    ["sheetEdited", /--trigger-http --allow-unauthenticated/],
    ["formSubmitted", /--trigger-http --allow-unauthenticated/],
    ["reconcileSheets", /--trigger-http --no-allow-unauthenticated/],
    ["sendSummaries", /--trigger-http --no-allow-unauthenticated/],
    ["recordChanged", /--trigger-event-filters=type=google\.cloud\.firestore\.document\.v1\.written --trigger-event-filters=database=\\\(default\\\) --trigger-event-filters-path-pattern=document=innovations\/\\\{id\\\}/],
  ];
  it.each(access)("%s has its trigger and access rule", (name, pattern) => {
    const deploy = commands().find((line) => line.startsWith(`+ gcloud functions deploy ${name} `));
    expect(deploy).toMatch(pattern);
  });

  it("secrets come from Secret Manager, never from the command line", () => {
    const lines = commands();
    const sheetEdited = lines.find((line) => line.includes("functions deploy sheetEdited "))!;
    expect(sheetEdited).toContain("--set-secrets=WEBHOOK_SECRET=labinov-webhook-secret:latest");
    expect(lines.find((line) => line.includes("functions deploy recordChanged "))).not.toContain("--set-secrets");
    expect(lines.join("\n")).not.toMatch(/WEBHOOK_SECRET=[^l]|ADMIN_TOKEN=[^l]|SMTP_URL=[^l]/);
  });

  it("programs/{id} reaches recordChanged through a second Eventarc trigger with protobuf data", () => {
    const trigger = commands().find((line) => line.startsWith("+ gcloud eventarc triggers create"));
    expect(trigger).toMatch(/document=programs\/\\\{id\\\}/);
    expect(trigger).toContain("--destination-run-service=recordchanged");
    expect(trigger).toContain("--event-data-content-type=application/protobuf");
  });

  it("Scheduler jobs run in Asia/Jakarta with OIDC tokens of the scheduler account", () => {
    const jobs = commands().filter((line) => line.startsWith("+ gcloud scheduler jobs create http"));
    expect(jobs.map((line) => line.split(" ")[6])).toEqual(["labinov-reconcile", "labinov-summaries-weekly", "labinov-summaries-monthly"]);
    for (const job of jobs) {
      expect(job).toContain("--time-zone=Asia/Jakarta");
      expect(job).toContain("--oidc-service-account-email=labinov-scheduler@labinov-prod.iam.gserviceaccount.com");
    }
  });

  it("deploys the deny-all rules and the indexes", () => {
    const firebase = commands().find((line) => line.includes("firebase-tools"));
    expect(firebase).toContain("--only firestore:rules\\,firestore:indexes");
    const config = JSON.parse(readFileSync(join(ROOT, "firebase.json"), "utf8")) as { firestore: { rules: string; indexes: string } };
    expect(existsSync(join(ROOT, config.firestore.rules))).toBe(true);
    expect(existsSync(join(ROOT, config.firestore.indexes))).toBe(true);
  });

  it("refuses to start without PROJECT_ID", () => {
    const result = dryRun({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("PROJECT_ID wajib diisi");
  });
});
