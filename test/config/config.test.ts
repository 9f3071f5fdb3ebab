import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("needs nothing locally: every default points at local stand-ins", () => {
    const settings = parseConfig({});
    expect(settings).toMatchObject({ GOOGLE_CLOUD_PROJECT: "demo-labinov", PORT: 8080, MAIL_TRANSPORT: "smtp", STALLED_AFTER_DAYS: 30 });
    expect(settings.SUMMARY_RECIPIENTS).toEqual([]);
  });

  it("parses lists and numbers", () => {
    const settings = parseConfig({ PORT: "9090", SUMMARY_RECIPIENTS: "a@probolinggokota.go.id, b@probolinggokota.go.id", STALLED_AFTER_DAYS: "45" });
    expect(settings.PORT).toBe(9090);
    expect(settings.SUMMARY_RECIPIENTS).toEqual(["a@probolinggokota.go.id", "b@probolinggokota.go.id"]);
    expect(settings.STALLED_AFTER_DAYS).toBe(45);
  });

  it.each([
    [{ PORT: "delapan" }, "PORT", '"delapan"'],
    [{ PORT: "70000" }, "PORT", '"70000"'],
    [{ GOOGLE_CLOUD_PROJECT: "Bad Project" }, "GOOGLE_CLOUD_PROJECT", '"Bad Project"'],
    [{ FIRESTORE_EMULATOR_HOST: "localhost" }, "FIRESTORE_EMULATOR_HOST", '"localhost"'],
    [{ MAIL_TRANSPORT: "pigeon" }, "MAIL_TRANSPORT", '"pigeon"'],
    [{ SUMMARY_RECIPIENTS: "walikota@, x@y.id" }, "SUMMARY_RECIPIENTS", "walikota@"],
    [{ STALLED_AFTER_DAYS: "0" }, "STALLED_AFTER_DAYS", '"0"'],
    [{ MAIL_TRANSPORT: "gmail" }, "GMAIL_SENDER", "tidak diisi"],
    [{ K_SERVICE: "sheetedited", GOOGLE_CLOUD_PROJECT: "pemkot-probolinggo" }, "WEBHOOK_SECRET", "tidak diisi"],
  ])("names the bad variable and the value it received: %j", (env, key, shown) => {
    const problems = problemsOf(env);
    const problem = problems.find((line) => line.startsWith(`${key}:`));
    expect(problem, problems.join("\n")).toBeDefined();
    expect(problem).toContain(shown);
  });

  it("reports every bad variable at once", () => {
    expect(problemsOf({ PORT: "x", LOG_LEVEL: "loud", STALLED_AFTER_DAYS: "-1" })).toHaveLength(3);
  });

  it.each([
    [{ STALLED_AFTER_DAYS: "abc", K_SERVICE: "sheetEdited", GOOGLE_CLOUD_PROJECT: "pemkot-probolinggo" }, ["STALLED_AFTER_DAYS", "WEBHOOK_SECRET"]],
    [{ PORT: "x", MAIL_TRANSPORT: "gmail" }, ["PORT", "GMAIL_SENDER"]],
    [{ GOOGLE_CLOUD_PROJECT: "Bad Project", K_SERVICE: "formsubmitted" }, ["GOOGLE_CLOUD_PROJECT", "WEBHOOK_SECRET"]],
  ])("reports the rules across variables together with type errors: %j", (env, keys) => {
    expect(problemsOf(env).map((problem) => problem.split(":")[0])).toEqual(keys);
  });

  it("names a variable once when it breaks its type and a rule", () => {
    const problems = problemsOf({ K_SERVICE: "sheetedited", GOOGLE_CLOUD_PROJECT: "pemkot-probolinggo", WEBHOOK_SECRET: "" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WEBHOOK_SECRET: minimal 32 karakter/);
  });

  it("never shows a secret's value", () => {
    const secret = "short-secret";
    const problems = problemsOf({ WEBHOOK_SECRET: secret, ADMIN_TOKEN: "tok" });
    expect(problems.join("\n")).not.toContain(secret);
    expect(problems.join("\n")).not.toContain('"tok"');
    expect(problems.find((line) => line.startsWith("WEBHOOK_SECRET:"))).toContain("disamarkan");
  });
});
