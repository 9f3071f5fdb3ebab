// Free text, links and choices: trimmed, limited in length; links http/https only; a choice by its
// label or key, in any case and with spaces, dashes or underscores alike; yes/no words.
import { VALUE_MESSAGES } from "./messages.js";
import { fail, ok, type Parsed } from "./result.js";

function asText(input: unknown): string {
  if (input === null || input === undefined) return "";
  if (typeof input === "boolean") return input ? "TRUE" : "FALSE";
  return String(input).trim();
}

export function parseText(input: unknown, options: { max?: number; required?: boolean } = {}): Parsed<string> {
  const text = asText(input);
  if (text === "" && options.required) return fail(VALUE_MESSAGES.required);
  if (options.max !== undefined && text.length > options.max) return fail(VALUE_MESSAGES.tooLong(options.max, text.length));
  return ok(text);
}

export function normaliseLabel(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}

/** A choice by label or key -> the key. Empty is refused: every choice column is required. */
export function parseChoice(input: unknown, labels: Record<string, string>): Parsed<string> {
  const text = asText(input);
  if (text === "") return fail(VALUE_MESSAGES.required);
  const wanted = normaliseLabel(text);
  for (const [key, label] of Object.entries(labels)) {
    if (normaliseLabel(label) === wanted || normaliseLabel(key) === wanted) return ok(key);
  }
  return fail(VALUE_MESSAGES.notInList(Object.values(labels)));
}

const YES = new Set(["ya", "y", "iya", "yes", "true", "benar", "sudah", "ada", "1", "✓", "v"]);
const NO = new Set(["tidak", "tdk", "t", "no", "n", "false", "salah", "belum", "tidak ada", "0", "-"]);

/** Ya/Tidak and the words staff use for them; a checkbox arrives as a boolean. Empty -> null. */
export function parseYesNo(input: unknown): Parsed<boolean | null> {
  if (typeof input === "boolean") return ok(input);
  const text = asText(input).toLowerCase();
  if (text === "") return ok(null);
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(VALUE_MESSAGES.badYesNo(asText(input)));
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Links separated by commas, semicolons, spaces or lines -> http(s) URLs. One bad part refuses
 * the whole cell, quoting what was typed in full (not just the first word).
 */
export function parseLinks(input: unknown): Parsed<string[]> {
  const parts = (Array.isArray(input) ? input.map(asText) : [asText(input)])
    .flatMap((part) => part.split(/[\s,;]+/))
    .filter(Boolean);
  const whole = Array.isArray(input) ? input.map(asText).join(", ") : asText(input);
  for (const part of parts) {
    if (SCHEME.test(part) && !/^https?:/i.test(part)) return fail(VALUE_MESSAGES.linkScheme(part));
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      return fail(VALUE_MESSAGES.badLink(whole));
    }
    if (!/^https?:\/\/[^/]/i.test(part) || !url.hostname.includes(".") && url.hostname !== "localhost") return fail(VALUE_MESSAGES.badLink(whole));
  }
  return ok(parts);
}
