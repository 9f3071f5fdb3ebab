// Number format patterns as Google documents them ("Date and number formats",
// developers.google.com/workspace/sheets/api/guides/formats): up to four sections
// (positive;negative;zero;text), digit placeholders 0 # ?, "," grouping, "." decimal point,
// "%" percent, "E+00" scientific, quoted or backslash-escaped literals, "[$Rp-421]" currency
// tokens; and date tokens d dd ddd dddd, m mm mmm mmmm mmmmm (minutes after h or before s),
// y yy yyyy, h hh H HH, s ss, am/pm a/p. Separators and names come from the locale.
import type { LocaleSpec } from "./locale.js";
import { serialToParts } from "./serial.js";

type DateToken = { kind: "lit"; text: string } | { kind: "tok"; text: string };

function splitSections(pattern: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '"') quoted = !quoted;
    if (ch === "\\" && !quoted && i + 1 < pattern.length) {
      current += ch + pattern[++i];
      continue;
    }
    if (ch === ";" && !quoted) {
      out.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/** Removes literals so placeholders can be found: "Rp"#,##0 -> #,##0. */
function unquoted(section: string): string {
  return section.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "");
}

export function isDatePattern(section: string): boolean {
  const bare = unquoted(section).toLowerCase().replace(/am\/pm|a\/p/g, "h");
  return /[dyhs]/.test(bare) || (/m/.test(bare) && !/[0#?]/.test(bare));
}

function tokenizeDate(section: string): DateToken[] {
  const tokens: DateToken[] = [];
  let i = 0;
  while (i < section.length) {
    const ch = section[i]!;
    const rest = section.slice(i);
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({ kind: "lit", text: section.slice(i + 1, stop) });
      i = stop + 1;
      continue;
    }
    if (ch === "\\") {
      tokens.push({ kind: "lit", text: section[i + 1] ?? "" });
      i += 2;
      continue;
    }
    const ampm = /^(am\/pm|a\/p)/i.exec(rest);
    if (ampm) {
      tokens.push({ kind: "tok", text: ampm[0].toLowerCase() });
      i += ampm[0].length;
      continue;
    }
    const run = /^(d+|D+|m+|M+|y+|Y+|h+|H+|s+|S+)/.exec(rest);
    if (run) {
      tokens.push({ kind: "tok", text: run[0] });
      i += run[0].length;
      continue;
    }
    const fraction = /^\.0+/.exec(rest);
    if (fraction && tokens.some((t) => t.kind === "tok" && /^s+$/i.test(t.text))) {
      tokens.push({ kind: "tok", text: fraction[0] });
      i += fraction[0].length;
      continue;
    }
    tokens.push({ kind: "lit", text: ch });
    i++;
  }
  return tokens;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function formatDate(serial: number, section: string, locale: LocaleSpec): string {
  const tokens = tokenizeDate(section);
  const p = serialToParts(serial);
  const twelve = tokens.some((t) => t.kind === "tok" && (t.text === "am/pm" || t.text === "a/p"));
  const isHour = (t: DateToken | undefined): boolean => t?.kind === "tok" && /^[hH]+$/.test(t.text);
  const isSecond = (t: DateToken | undefined): boolean => t?.kind === "tok" && /^[sS]+$/.test(t.text);
  const prevTok = (i: number): DateToken | undefined => tokens.slice(0, i).reverse().find((t) => t.kind === "tok");
  const nextTok = (i: number): DateToken | undefined => tokens.slice(i + 1).find((t) => t.kind === "tok");
  const weekday = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  let out = "";
  tokens.forEach((t, i) => {
    if (t.kind === "lit") {
      out += t.text;
      return;
    }
    const text = t.text;
    const lower = text.toLowerCase();
    if (lower === "am/pm") out += p.hh < 12 ? "AM" : "PM";
    else if (lower === "a/p") out += p.hh < 12 ? "A" : "P";
    else if (lower.startsWith(".")) out += (serial * 86_400 - Math.floor(serial * 86_400)).toFixed(lower.length - 1).slice(1);
    else if (lower[0] === "d") {
      if (lower.length === 1) out += String(p.d);
      else if (lower.length === 2) out += pad(p.d);
      else if (lower.length === 3) out += locale.days[weekday]!.slice(0, 3);
      else out += locale.days[weekday]!;
    } else if (lower[0] === "y") out += lower.length <= 2 ? pad(p.y % 100) : String(p.y);
    else if (lower[0] === "h") {
      // "h": 12-hour when the pattern has am/pm, else 24-hour (guides/formats).
      const hour = twelve ? ((p.hh + 11) % 12) + 1 : p.hh;
      out += lower.length >= 2 ? pad(hour) : String(hour);
    } else if (lower[0] === "s") out += lower.length >= 2 ? pad(p.ss) : String(p.ss);
    else if (lower[0] === "m") {
      const minutes = lower.length <= 2 && (isHour(prevTok(i)) || isSecond(nextTok(i)));
      if (minutes) out += lower.length === 2 ? pad(p.mm) : String(p.mm);
      else if (lower.length === 1) out += String(p.m);
      else if (lower.length === 2) out += pad(p.m);
      else if (lower.length === 3) out += locale.months[p.m - 1]!.slice(0, 3);
      else if (lower.length === 4) out += locale.months[p.m - 1]!;
      else out += locale.months[p.m - 1]!.slice(0, 1);
    } else out += text;
  });
  return out;
}

function groupDigits(digits: string, group: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

function formatNumberSection(n: number, section: string, locale: LocaleSpec, negativeSign: boolean): string {
  // Literal parts are kept in place; the first run of placeholders is the number.
  const parts: { lit?: string; core?: string }[] = [];
  let i = 0;
  let core = "";
  let coreDone = false;
  const flushCore = (): void => {
    if (core) {
      parts.push({ core });
      core = "";
      coreDone = true;
    }
  };
  while (i < section.length) {
    const ch = section[i]!;
    if (ch === '"') {
      flushCore();
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      parts.push({ lit: section.slice(i + 1, stop) });
      i = stop + 1;
      continue;
    }
    if (ch === "\\") {
      flushCore();
      parts.push({ lit: section[i + 1] ?? "" });
      i += 2;
      continue;
    }
    if (ch === "[") {
      flushCore();
      const end = section.indexOf("]", i);
      const inner = section.slice(i + 1, end < 0 ? section.length : end);
      // [$Rp-421] shows "Rp"; colours and conditions ([Red], [>100]) show nothing.
      if (inner.startsWith("$")) parts.push({ lit: inner.slice(1).split("-")[0] ?? "" });
      i = end < 0 ? section.length : end + 1;
      continue;
    }
    if (!coreDone && (/[0#?,.]/.test(ch) || (core && /^[eE][+-]0/.test(section.slice(i))))) {
      if (/[eE]/.test(ch)) {
        const exp = /^[eE][+-]0+/.exec(section.slice(i))![0];
        core += exp;
        i += exp.length;
        continue;
      }
      core += ch;
      i++;
      continue;
    }
    flushCore();
    if (ch === "_" || ch === "*") {
      i += 2; // spacing and fill characters take the next character's width; shown as nothing
      continue;
    }
    parts.push({ lit: ch });
    i++;
  }
  flushCore();
  const percent = parts.some((p) => p.lit?.includes("%"));
  let value = Math.abs(n) * (percent ? 100 : 1);
  const text = parts
    .map((p) => {
      if (p.lit !== undefined) return p.lit;
      const spec = p.core!;
      const [mantissaSpec, expSpec] = spec.split(/[eE]/);
      const [intSpecRaw = "", fracSpec = ""] = (mantissaSpec ?? "").split(".");
      // Trailing commas scale by a thousand each.
      const scale = /,+$/.exec(intSpecRaw)?.[0].length ?? 0;
      value /= 1000 ** scale;
      const intSpec = intSpecRaw.replace(/,+$/, "");
      const grouping = intSpec.includes(",");
      const minInt = (intSpec.match(/0/g) ?? []).length;
      const minFrac = (fracSpec.match(/0/g) ?? []).length;
      const maxFrac = (fracSpec.match(/[0#?]/g) ?? []).length;
      let exponentText = "";
      if (expSpec !== undefined) {
        const exponent = value === 0 ? 0 : Math.floor(Math.log10(value));
        value /= 10 ** exponent;
        if (Number(value.toFixed(maxFrac)) >= 10) {
          value /= 10;
          const e = exponent + 1;
          exponentText = `E${e < 0 ? "-" : "+"}${pad(Math.abs(e), expSpec.length - 1)}`;
        } else {
          exponentText = `E${exponent < 0 ? "-" : "+"}${pad(Math.abs(exponent), expSpec.length - 1)}`;
        }
      }
      let [intDigits = "0", fracDigits = ""] = value.toFixed(maxFrac).split(".");
      while (fracDigits.length > minFrac && fracDigits.endsWith("0")) fracDigits = fracDigits.slice(0, -1);
      if (intDigits === "0" && minInt === 0) intDigits = "";
      intDigits = intDigits.padStart(minInt, "0");
      if (grouping) intDigits = groupDigits(intDigits, locale.group);
      return intDigits + (fracDigits ? locale.decimal + fracDigits : "") + exponentText;
    })
    .join("");
  return negativeSign ? `-${text}` : text;
}

function generalNumber(n: number, locale: LocaleSpec): string {
  const text = Number.isInteger(n) ? String(n) : String(Number(n.toFixed(10)));
  return text.replace(".", locale.decimal);
}

/** Formats a number by an explicit pattern in a locale. */
export function formatByPattern(n: number, pattern: string, locale: LocaleSpec): string {
  const sections = splitSections(pattern);
  let section = sections[0] ?? "";
  let negativeSign = n < 0;
  if (n < 0 && sections.length > 1 && sections[1] !== undefined) {
    section = sections[1];
    negativeSign = false;
  } else if (n === 0 && sections.length > 2 && sections[2] !== undefined) {
    section = sections[2];
  }
  if (section.trim().toLowerCase() === "general") return generalNumber(negativeSign ? -Math.abs(n) : Math.abs(n), locale);
  if (isDatePattern(section)) return formatDate(n, section, locale);
  if (!/[0#?]/.test(unquoted(section))) return section.replace(/"/g, "");
  return formatNumberSection(n, section, locale, negativeSign);
}
