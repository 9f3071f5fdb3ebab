// Replays every recorded Google Sheets interaction (gspread's cassettes) against the emulator
// and compares status and body. What the comparison leaves out is listed below, with why.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { sharedFixture } from "../support/inputs.js";

const cassettes = sharedFixture("sheets-api", "cassettes");
const fixturesDir = cassettes.path;

/**
 * Fields left out of the "with exclusions" comparison, and why. Ids (spreadsheet, sheet) are
 * mapped, not excluded: the emulator's id replaces the recorded one before comparing.
 */
const EXCLUDED_FIELDS: { field: string; reason: string }[] = [
  { field: "protectedRangeId", reason: "random id chosen by the server; the recordings never reuse it" },
  { field: "editors", reason: "lists the recording account's e-mail; the emulator lists the caller's identity" },
  { field: "createdTime", reason: "Drive timestamps of the recording day" },
  { field: "modifiedTime", reason: "Drive timestamps of the recording day" },
];

/** Interactions that cannot match, keyed "<cassette>#<interaction index>", with the reason. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "ClientTest.test_access_private_spreadsheet.json#3":
    "reads a spreadsheet owned by another account (403 PERMISSION_DENIED); the emulator has no sharing model, so an id it never created is 404 NOT_FOUND",
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Interaction {
  request: { method: string; uri: string; body: string | null };
  response: { status: { code: number }; body: { string: string } };
}

function replaceStrings(value: Json, from: string, to: string): Json {
  if (typeof value === "string") return value.replaceAll(from, to);
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, from, to));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, from, to)]));
  return value;
}

function mapSheetIds(value: Json, map: Map<number, number>): Json {
  if (Array.isArray(value)) return value.map((v) => mapSheetIds(v, map));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "sheetId" && typeof v === "number" ? (map.get(v) ?? v) : mapSheetIds(v, map)]),
    );
  }
  return value;
}

function dropFields(value: Json): Json {
  const drop = new Set(EXCLUDED_FIELDS.map((f) => f.field));
  if (Array.isArray(value)) return value.map(dropFields);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => !drop.has(k)).map(([k, v]) => [k, dropFields(v)]));
  return value;
}

/** Learns recorded→emulator sheet ids from addSheet replies, walking both bodies in step. */
function learnSheetIds(expected: Json, actual: Json, map: Map<number, number>): void {
  const replies = (b: Json): Json[] => (b && typeof b === "object" && !Array.isArray(b) && Array.isArray(b.replies) ? b.replies : []);
  replies(expected).forEach((reply, i) => {
    const recorded = (reply as { addSheet?: { properties?: { sheetId?: number } } }).addSheet?.properties?.sheetId;
    const got = (replies(actual)[i] as { addSheet?: { properties?: { sheetId?: number } } } | undefined)?.addSheet?.properties?.sheetId;
    if (recorded !== undefined && got !== undefined) map.set(recorded, got);
  });
}

const parse = (text: string): Json => (text === "" ? null : (JSON.parse(text) as Json));

interface Outcome {
  key: string;
  verdict: "exact" | "excluded" | "unmatched";
  reason?: string;
}

async function replay(emulator: SheetsEmulator): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith(".json")).sort()) {
    const cassette = JSON.parse(readFileSync(path.join(fixturesDir, file), "utf8")) as { interactions: Interaction[] };
    const ids = new Map<string, string>();
    const sheetIds = new Map<number, number>();
    for (const [index, interaction] of cassette.interactions.entries()) {
      const key = `${file}#${index}`;
      const recorded = new URL(interaction.request.uri);
      let target = recorded.pathname + recorded.search;
      let body = interaction.request.body;
      for (const [from, to] of ids) {
        target = target.replaceAll(from, to);
        body = body?.replaceAll(from, to) ?? null;
      }
      if (body) body = JSON.stringify(mapSheetIds(JSON.parse(body) as Json, sheetIds));
      const res = await fetch(emulator.url + target, {
        method: interaction.request.method,
        headers: { authorization: "Bearer conformance", ...(body ? { "content-type": "application/json" } : {}) },
        body: body ?? undefined,
      });
      const actual = parse(await res.text());
      let expected = parse(interaction.response.body.string);
      if (interaction.request.method === "POST" && recorded.pathname === "/drive/v3/files") {
        const recordedId = (expected as { id: string }).id;
        ids.set(recordedId, (actual as { id: string }).id);
      }
      learnSheetIds(expected, actual, sheetIds);
      for (const [from, to] of ids) expected = replaceStrings(expected, from, to);
      expected = mapSheetIds(expected, sheetIds);
      const statusMatches = res.status === interaction.response.status.code;
      if (statusMatches && isDeepStrictEqual(actual, expected)) outcomes.push({ key, verdict: "exact" });
      else if (statusMatches && isDeepStrictEqual(dropFields(actual), dropFields(expected))) outcomes.push({ key, verdict: "excluded" });
      else {
        outcomes.push({
          key,
          verdict: "unmatched",
          reason: `${interaction.request.method} ${decodeURIComponent(recorded.pathname + recorded.search)}: expected ${interaction.response.status.code} ${JSON.stringify(expected).slice(0, 400)}, got ${res.status} ${JSON.stringify(actual).slice(0, 400)}`,
        });
      }
    }
  }
  return outcomes;
}

// Without the recordings the comparison is reported as skipped, with where to get them.
describe.skipIf(!cassettes.present)(`Sheets emulator conformance with recorded Google traffic ${cassettes.missing}`.trim(), () => {
  let emulator: SheetsEmulator;
  beforeAll(async () => {
    emulator = await startSheetsEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it("answers every recorded interaction as Google did, apart from the listed exclusions", async () => {
    const outcomes = await replay(emulator);
    const count = (v: Outcome["verdict"]): number => outcomes.filter((o) => o.verdict === v).length;
    const unmatched = outcomes.filter((o) => o.verdict === "unmatched");
    // An empty folder would otherwise compare nothing and pass.
    expect(outcomes.length).toBeGreaterThan(0);
    console.log(
      `conformance: ${outcomes.length} interactions; ${count("exact")} matched exactly, ${count("excluded")} matched with listed exclusions, ${unmatched.length} not matched`,
    );
    for (const o of unmatched) console.log(`  not matched ${o.key}: ${KNOWN_DIFFERENCES[o.key] ?? "UNEXPECTED"}\n    ${o.reason}`);
    expect(unmatched.filter((o) => !(o.key in KNOWN_DIFFERENCES)).map((o) => `${o.key}: ${o.reason}`)).toEqual([]);
  });
});
