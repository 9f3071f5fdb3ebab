// The whole configuration: one zod schema over the environment, parsed once at start-up.
// Local defaults need no cloud account; a bad value stops start-up with every problem named.
import { z } from "zod";
import { DEFAULT_CONFIRMATION_DOMAINS } from "./forms/confirmationRecipient.js";

const SECRET_KEYS = new Set(["WEBHOOK_SECRET", "SMTP_URL", "ADMIN_TOKEN"]);

/** Cloud Run services (function names, lowercased) that take signed Apps Script posts; only they need the secret. */
const SIGNED_WEBHOOK_SERVICES = new Set(["sheetedited", "formsubmitted"]);

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const emailList = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((email) => email.trim()).filter(Boolean))
  .pipe(z.array(z.string().email()));

/** Domains such as "go.id": an address on one of them or on a subdomain (probolinggokota.go.id) matches. */
const domainList = z
  .string()
  .default(DEFAULT_CONFIRMATION_DOMAINS.join(","))
  .transform((value) => value.split(",").map((domain) => domain.trim().toLowerCase().replace(/^[@.]+/, "")).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, "bukan nama domain")));

export const configSchema = z
  .object({
    GOOGLE_CLOUD_PROJECT: z
      .string()
      .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "bukan project id Google Cloud yang sah")
      .default("demo-labinov"),
    FIRESTORE_EMULATOR_HOST: z.string().regex(/^[\w.-]+:\d+$/, "harus host:port").optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Where the Sheets API lives: unset means Google; the local stack points it at our emulator. */
    SHEETS_API_URL: z.string().url().optional(),
    /** The Sheets quota every sync shares, requests per minute: Google's 60 per user (our one service account) per project. */
    SHEETS_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /** Shared with the Apps Script: signs sheet-edit and form-submit requests (HMAC-SHA256). */
    WEBHOOK_SECRET: z.string().min(32, "minimal 32 karakter").optional(),
    /** Bearer token for admin HTTP calls made outside Google's IAM (the local stack, scripts). */
    ADMIN_TOKEN: z.string().min(32, "minimal 32 karakter").optional(),
    /** The service account Cloud Scheduler signs its OIDC tokens as; only it may call scheduled functions. */
    SCHEDULER_SERVICE_ACCOUNT: z.string().email().optional(),
    /** Audience Cloud Scheduler puts in its OIDC token (the function URL); unset: the URL the request came to. */
    SCHEDULER_AUDIENCE: z.string().url().optional(),
    MAIL_TRANSPORT: z.enum(["smtp", "gmail"]).default("smtp"),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "harus smtp:// atau smtps://").optional(),
    MAIL_FROM: z.string().min(3).default("Laboratorium Inovasi Kota Probolinggo <labinov@probolinggokota.go.id>"),
    /** With MAIL_TRANSPORT=gmail: the mailbox the service account sends as (domain-wide delegation). */
    GMAIL_SENDER: z.string().email().optional(),
    /** Leadership and others who read the city summary: the state of things, no instructions. */
    SUMMARY_RECIPIENTS: emailList,
    /** The lab's coordinators: the city summary with what to do (e.g. record a renewed MoU). */
    SUMMARY_COORDINATORS: emailList,
    /** Where a form's confirmation may go when the form did not verify the respondent's address (empty: verified only). */
    CONFIRMATION_EMAIL_DOMAINS: domainList,
    STALLED_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Set by Cloud Run; its presence means production rules apply (no local defaults for secrets). */
    K_SERVICE: z.string().optional(),
    LABINOV_DEMO: booleanFlag,
  });

/**
 * Rules across variables. They read the raw environment (with the schema's defaults), not the
 * parsed one, so that they are reported together with any type error elsewhere: one start-up
 * names every problem.
 */
function crossFieldProblems(env: NodeJS.ProcessEnv): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const project = env.GOOGLE_CLOUD_PROJECT ?? "demo-labinov";
  const service = env.K_SERVICE;
  const production = service !== undefined && !project.startsWith("demo-");
  if (production && SIGNED_WEBHOOK_SERVICES.has(service.toLowerCase()) && !env.WEBHOOK_SECRET) {
    problems.push({ key: "WEBHOOK_SECRET", message: "wajib di produksi" });
  }
  if (env.MAIL_TRANSPORT === "gmail" && !env.GMAIL_SENDER) {
    problems.push({ key: "GMAIL_SENDER", message: "wajib bila MAIL_TRANSPORT=gmail" });
  }
  return problems;
}

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Konfigurasi tidak valid / invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function shown(key: string, value: string | undefined): string {
  if (value === undefined) return "(tidak diisi)";
  if (SECRET_KEYS.has(key)) return `"${"*".repeat(Math.min(value.length, 8))}" (${value.length} karakter, disamarkan)`;
  return JSON.stringify(value);
}

/** Parses an environment; throws a ConfigError naming each bad variable and what it received. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  const problems = (result.success ? [] : result.error.issues).map((issue) => ({ key: String(issue.path[0] ?? "?"), message: issue.message }));
  // A variable already named for its type is not named again for a rule it also breaks.
  for (const problem of crossFieldProblems(env)) if (!problems.some((named) => named.key === problem.key)) problems.push(problem);
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems.map(({ key, message }) => `${key}: ${message}; diterima ${shown(key, env[key])}`));
}

let loaded: Config | undefined;

/** The process's configuration, parsed on first use and kept; functions/index.ts uses it as it loads, so a deployed instance fails at start-up. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/** Forgets the parsed configuration: for the local stack and tests, which change the environment first. */
export function reloadConfig(): void {
  loaded = undefined;
}
