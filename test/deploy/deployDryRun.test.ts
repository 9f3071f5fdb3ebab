// deploy/deploy.sh --dry-run: runs nothing, deploys exactly the functions functions/index.ts
// registers, and prints a script a person can paste: every line a comment or a real command.
// Pasted into bash (with recorders in place of gcloud & co.), it hands each tool exactly the
// arguments the deploy needs: the build account, the escaped env vars, retries, triggers.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFunction } from "@google-cloud/functions-framework/testing";
import { describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../functions/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const TOOLS = ["gcloud", "npm", "npx", "firebase", "node", "rm", "mkdir", "cp"];
const SETTINGS = {
  PROJECT_ID: "labinov-prod",
  SUMMARY_RECIPIENTS: "walikota@probolinggokota.go.id,sekda@probolinggokota.go.id",
  MAIL_FROM: "Labinov, Kota Probolinggo <labinov@probolinggokota.go.id>",
  ADMIN_MEMBERS: "user:tik@probolinggokota.go.id",
};

/** Names passed to http()/cloudEvent() in each file functions/index.ts imports. */
function registeredNames(): string[] {
  const index = readFileSync(join(ROOT, "functions/index.ts"), "utf8");
  const files = [...index.matchAll(/^import "\.\/(\w+)\.js";$/gm)].map((match) => match[1]!);
  return files.flatMap((file) =>
    [...readFileSync(join(ROOT, `functions/${file}.ts`), "utf8").matchAll(/^(?:http|cloudEvent)\("(\w+)"/gm)].map((match) => match[1]!),
  );
}

/** A folder of stand-ins that record their argv (fields split by \x1f) and exit with `describeStatus` for describe. */
function recorders(describeStatus: number): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), "labinov-deploy-bin-"));
  const log = join(bin, "calls.log");
  for (const tool of TOOLS) {
    writeFileSync(
      join(bin, tool),
      `#!/bin/sh\nfor a in "${tool}" "$@"; do printf '%s\\037' "$a" >> "${log}"; done\nprintf '\\n' >> "${log}"\ncase " $* " in *" describe "*) exit ${describeStatus};; esac\nexit 0\n`,
    );
    chmodSync(join(bin, tool), 0o755);
  }
  return { bin, log };
}

function calls(log: string): string[][] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => line.split("\x1f").slice(0, -1));
}

function dryRun(env: Record<string, string> = SETTINGS) {
  const { bin, log } = recorders(1);
  const result = spawnSync("bash", [join(ROOT, "deploy/deploy.sh"), "--dry-run"], {
    encoding: "utf8",
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: tmpdir(), ...env },
  });
  return { ...result, executed: calls(log) };
}

/** Runs the printed script as a person would paste it; describe answers `describeStatus` (1: nothing exists yet). */
function paste(script: string, describeStatus = 1): string[][] {
  const { bin, log } = recorders(describeStatus);
  const result = spawnSync("bash", ["-e", "-u", "-o", "pipefail", "-s"], { input: script, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmpdir() } });
  expect(result.status, result.stderr).toBe(0);
  return calls(log);
}

const output = dryRun();
const script = output.stdout;
const commandLines = script.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
const created = paste(script, 1);
const flag = (argv: string[] | undefined, name: string) => argv?.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const deployOf = (argvs: string[][], name: string) => argvs.find((argv) => argv[0] === "gcloud" && argv[1] === "functions" && argv[2] === "deploy" && argv[3] === name);

describe("deploy/deploy.sh --dry-run", () => {
  it("functions/index.ts registers exactly the functions it lists", () => {
    expect(registeredNames().sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const name of FUNCTION_NAMES) expect(getFunction(name), name).toBeTypeOf("function");
  });

  it("prints the commands and runs none of them", () => {
    expect(output.status, output.stderr).toBe(0);
    expect(output.executed).toEqual([]);
    expect(script).toContain("DRY RUN");
  });

  it("every printed line is a comment or a command of a real tool, and the whole is valid bash", () => {
    const syntax = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(syntax.status, syntax.stderr).toBe(0);
    const starts = /^(?:gcloud|npx --yes firebase-tools@13|npm|rm|mkdir|cp|node|if gcloud) /;
    for (const line of commandLines) expect(line, line).toMatch(starts);
    // No shell functions of the script leak into its output (the old "+ stage").
    expect(script).not.toMatch(/^\+ |^stage$|deploy_function|schedule_job/m);
    // Each gcloud call is a command gcloud has (group and verb).
    const known = /^gcloud (?:services enable|iam service-accounts (?:describe|create|add-iam-policy-binding)|projects add-iam-policy-binding|secrets add-iam-policy-binding|firestore fields ttls update|functions deploy|eventarc triggers (?:describe|update|create)|run services add-iam-policy-binding|scheduler jobs (?:describe|create http|update http)) /;
    for (const argv of created.filter((call) => call[0] === "gcloud")) expect(argv.join(" "), argv.join(" ")).toMatch(known);
  });

  it("deploys every registered function on nodejs22 with its own entry point, service account and the build account", () => {
    for (const name of registeredNames()) {
      const argv = deployOf(created, name);
      expect(argv, name).toBeDefined();
      expect(flag(argv, "entry-point")).toBe(name);
      expect(flag(argv, "runtime")).toBe("nodejs22");
      expect(argv).toContain("--gen2");
      expect(flag(argv, "service-account")).toMatch(/^labinov-\w+@labinov-prod\.iam\.gserviceaccount\.com$/);
      expect(flag(argv, "build-service-account")).toBe("projects/labinov-prod/serviceAccounts/labinov-build@labinov-prod.iam.gserviceaccount.com");
    }
    expect(created.filter((argv) => argv.slice(0, 3).join(" ") === "gcloud functions deploy")).toHaveLength(registeredNames().length);
  });

  it("bundles every function with deploy/bundle.mjs (the folders the bench times) and deploys each from its own folder", () => {
    const bundle = created.findIndex((argv) => argv[0] === "node" && argv[1]?.endsWith("/deploy/bundle.mjs"));
    expect(bundle).toBeGreaterThanOrEqual(0);
    const stage = created[bundle]![3]!;
    for (const name of registeredNames()) {
      const argv = deployOf(created, name)!;
      expect(flag(argv, "source")).toBe(`${stage}/${name}`);
      expect(created.indexOf(argv)).toBeGreaterThan(bundle);
    }
  });

  it("the build account exists and holds exactly the roles Cloud Build needs", () => {
    expect(created.some((argv) => argv.join(" ").startsWith("gcloud iam service-accounts create labinov-build "))).toBe(true);
    const roles = created
      .filter((argv) => argv.slice(0, 3).join(" ") === "gcloud projects add-iam-policy-binding" && flag(argv, "member") === "serviceAccount:labinov-build@labinov-prod.iam.gserviceaccount.com")
      .map((argv) => flag(argv, "role"));
    expect(roles.sort()).toEqual(["roles/artifactregistry.writer", "roles/logging.logWriter", "roles/storage.objectAdmin"]);
  });

  it("enables the Eventarc Publishing API with the others", () => {
    const enable = created.find((argv) => argv.slice(0, 3).join(" ") === "gcloud services enable")!;
    expect(enable).toEqual(expect.arrayContaining(["eventarc.googleapis.com", "eventarcpublishing.googleapis.com", "firestore.googleapis.com", "iam.googleapis.com"]));
  });

  it("env vars with commas reach gcloud whole, behind gcloud's ^@@^ delimiter", () => {
    const env = flag(deployOf(created, "sendSummaries"), "set-env-vars")!;
    expect(env.startsWith("^@@^")).toBe(true);
    const pairs = Object.fromEntries(env.slice(4).split("@@").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
    expect(pairs).toMatchObject({ SUMMARY_RECIPIENTS: SETTINGS.SUMMARY_RECIPIENTS, MAIL_FROM: SETTINGS.MAIL_FROM, GOOGLE_CLOUD_PROJECT: "labinov-prod" });
  });

  it("the optional settings reach the functions only when set; NODE_ENV=production keeps error text out of 500 bodies", () => {
    const envOf = (argvs: string[][], name: string) => {
      const env = flag(deployOf(argvs, name), "set-env-vars")!;
      return Object.fromEntries(env.slice(4).split("@@").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
    };
    const plain = envOf(created, "formSubmitted");
    expect(plain).toMatchObject({ NODE_ENV: "production" });
    expect(Object.keys(plain)).not.toEqual(expect.arrayContaining(["CONFIRMATION_EMAIL_DOMAINS"]));
    const settings = { ...SETTINGS, SUMMARY_COORDINATORS: "lab@probolinggokota.go.id,tik@probolinggokota.go.id", CONFIRMATION_EMAIL_DOMAINS: "go.id,ac.id", STALLED_AFTER_DAYS: "45", SHEETS_REQUESTS_PER_MINUTE: "120" };
    const set = paste(dryRun(settings).stdout, 1);
    expect(envOf(set, "formSubmitted")).toMatchObject({ CONFIRMATION_EMAIL_DOMAINS: "go.id,ac.id", STALLED_AFTER_DAYS: "45", SHEETS_REQUESTS_PER_MINUTE: "120" });
    expect(envOf(set, "sendSummaries")).toMatchObject({ SUMMARY_COORDINATORS: settings.SUMMARY_COORDINATORS, STALLED_AFTER_DAYS: "45" });
  });

  it("the syncing functions run on the instance of deploy/sync-instance.env, V8 told its heap size (the sync bench reads the same file); the others keep 512Mi", () => {
    const instance = readFileSync(join(ROOT, "deploy/sync-instance.env"), "utf8");
    const memory = /^SYNC_MEMORY=(\S+)$/m.exec(instance)![1];
    const nodeOptions = /^SYNC_NODE_OPTIONS="([^"]+)"$/m.exec(instance)![1];
    expect(nodeOptions).toMatch(/--max-old-space-size=\d+/);
    const envOf = (name: string) => flag(deployOf(created, name), "set-env-vars")!.slice(4).split("@@");
    for (const name of ["reconcileSheets", "syncRequested", "recordChanged", "initSheets"]) {
      expect(flag(deployOf(created, name), "memory"), name).toBe(memory);
      expect(envOf(name), name).toContain(`NODE_OPTIONS=${nodeOptions}`);
    }
    // 256 MiB alone would give them 0.167 vCPU: those serving one request at a time name theirs.
    const cpu = /^SYNC_CPU=(\S+)$/m.exec(instance)![1];
    for (const name of ["reconcileSheets", "initSheets"]) expect(flag(deployOf(created, name), "cpu"), name).toBe(cpu);
    for (const name of ["syncRequested", "recordChanged"]) expect(flag(deployOf(created, name), "cpu"), name).toBe("1");
    for (const name of ["sheetEdited", "formSubmitted", "mailQueued", "sendSummaries"]) {
      expect(flag(deployOf(created, name), "memory"), name).toBe("512Mi");
      expect(envOf(name).some((pair) => pair.startsWith("NODE_OPTIONS=")), name).toBe(false);
    }
  });

  it("refuses a value that holds the delimiter itself", () => {
    const result = dryRun({ ...SETTINGS, MAIL_FROM: "a@@b" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("MAIL_FROM");
  });

  const triggers: [string, string, string][] = [
    ["recordChanged", "innovations/{id}", "labinov-sync"],
    ["syncRequested", "sheetSyncRequests/{spreadsheetId}", "labinov-sync"],
    ["mailQueued", "mailOutbox/{id}", "labinov-summaries"],
  ];
  it.each(triggers)("%s is an Eventarc Firestore trigger on %s, retried, run as %s", (name, pattern, account) => {
    const argv = deployOf(created, name)!;
    expect(argv).toContain("--retry");
    expect(argv).toEqual(expect.arrayContaining(["--trigger-event-filters=type=google.cloud.firestore.document.v1.written", "--trigger-event-filters=database=(default)", `--trigger-event-filters-path-pattern=document=${pattern}`]));
    expect(flag(argv, "trigger-service-account")).toBe("labinov-events@labinov-prod.iam.gserviceaccount.com");
    expect(flag(argv, "service-account")).toBe(`${account}@labinov-prod.iam.gserviceaccount.com`);
    const invoker = created.find((call) => call.slice(0, 5).join(" ") === `gcloud run services add-iam-policy-binding ${name.toLowerCase()}`);
    expect(flag(invoker, "member")).toBe("serviceAccount:labinov-events@labinov-prod.iam.gserviceaccount.com");
  });

  // recordChanged's own trigger covers innovations; the other synced collections reach the same service.
  const extraTriggers: [string, string][] = [
    ["labinov-programs-changed", "programs/{id}"],
    ["labinov-iid-evidence-changed", "iidEvidence/{id}"],
  ];
  it.each(extraTriggers)("%s sends writes to %s to recordChanged, as protobuf, sent by the events account", (name, pattern) => {
    const argv = created.find((call) => call.slice(0, 5).join(" ") === `gcloud eventarc triggers create ${name}`);
    expect(argv, name).toBeDefined();
    expect(argv).toEqual(expect.arrayContaining(["--event-filters=type=google.cloud.firestore.document.v1.written", "--event-filters=database=(default)", `--event-filters-path-pattern=document=${pattern}`]));
    expect(flag(argv, "destination-run-service")).toBe("recordchanged");
    expect(flag(argv, "event-data-content-type")).toBe("application/protobuf");
    expect(flag(argv, "service-account")).toBe("labinov-events@labinov-prod.iam.gserviceaccount.com");
    const updated = paste(script, 0).find((call) => call.slice(0, 5).join(" ") === `gcloud eventarc triggers update ${name}`);
    expect(updated).toEqual(expect.arrayContaining([`--event-filters-path-pattern=document=${pattern}`]));
  });

  const access: [string, string][] = [
    ["sheetEdited", "--allow-unauthenticated"],
    ["formSubmitted", "--allow-unauthenticated"],
    ["reconcileSheets", "--no-allow-unauthenticated"],
    ["initSheets", "--no-allow-unauthenticated"],
    ["sendSummaries", "--no-allow-unauthenticated"],
  ];
  it.each(access)("%s is HTTP with %s", (name, rule) => {
    expect(deployOf(created, name)).toEqual(expect.arrayContaining(["--trigger-http", rule]));
  });

  it("secrets come from Secret Manager, never from the command line; only the mail identity sends mail", () => {
    expect(flag(deployOf(created, "sheetEdited"), "set-secrets")).toBe("WEBHOOK_SECRET=labinov-webhook-secret:latest");
    expect(flag(deployOf(created, "formSubmitted"), "set-secrets")).toBe("WEBHOOK_SECRET=labinov-webhook-secret:latest");
    expect(flag(deployOf(created, "recordChanged"), "set-secrets")).toBeUndefined();
    const withSmtp = created.filter((argv) => flag(argv, "set-secrets")?.includes("SMTP_URL")).map((argv) => flag(argv, "service-account"));
    expect(new Set(withSmtp)).toEqual(new Set(["labinov-summaries@labinov-prod.iam.gserviceaccount.com"]));
    expect(script).not.toMatch(/WEBHOOK_SECRET=[^l]|ADMIN_TOKEN=[^l]|SMTP_URL=[^l]/);
  });

  it("Scheduler jobs run in Asia/Jakarta with OIDC tokens and retry with backoff, whether created or updated", () => {
    const updated = paste(script, 0);
    for (const [argvs, verb] of [[created, "create"], [updated, "update"]] as const) {
      const jobs = argvs.filter((argv) => argv.slice(0, 5).join(" ") === `gcloud scheduler jobs ${verb} http`);
      expect(jobs.map((argv) => argv[5])).toEqual(["labinov-reconcile", "labinov-summaries-weekly", "labinov-summaries-monthly", "labinov-mail-outbox"]);
      for (const job of jobs) {
        expect(flag(job, "time-zone")).toBe("Asia/Jakarta");
        expect(flag(job, "oidc-service-account-email")).toBe("labinov-scheduler@labinov-prod.iam.gserviceaccount.com");
        expect(Number(flag(job, "max-retry-attempts"))).toBeGreaterThan(0);
        expect(flag(job, "min-backoff")).toMatch(/^\d+s$/);
      }
      expect(jobs[1]).toContain('--message-body={"kind":"weekly"}');
      expect(jobs[3]).toContain('--message-body={"kind":"outbox"}');
    }
    expect(updated.some((argv) => argv.slice(0, 4).join(" ") === "gcloud eventarc triggers update")).toBe(true);
    expect(updated.some((argv) => argv.join(" ").startsWith("gcloud iam service-accounts create"))).toBe(false);
  });

  it.each([
    [1, "nothing exists yet"],
    [0, "everything exists"],
  ])("the deploy runs exactly the commands its dry run prints (describe exits %i: %s)", (describeStatus) => {
    const { bin, log } = recorders(describeStatus);
    const real = spawnSync("bash", [join(ROOT, "deploy/deploy.sh")], {
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmpdir(), GOOGLE_APPLICATION_CREDENTIALS: "/dev/null", ...SETTINGS },
    });
    expect(real.status, real.stderr).toBe(0);
    expect(calls(log)).toEqual(paste(script, describeStatus));
  });

  it("admins named in ADMIN_MEMBERS may invoke the closed functions", () => {
    const granted = created.filter((argv) => argv.slice(0, 4).join(" ") === "gcloud run services add-iam-policy-binding" && flag(argv, "member") === "user:tik@probolinggokota.go.id");
    expect(granted.map((argv) => argv[4]).sort()).toEqual(["initsheets", "reconcilesheets", "sendsummaries"]);
  });

  it("deploys the deny-all rules and the indexes", () => {
    const firebase = created.find((argv) => argv[0] === "npx" && argv.includes("firebase-tools@13"))!;
    expect(firebase).toEqual(expect.arrayContaining(["--only", "firestore:rules,firestore:indexes"]));
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
