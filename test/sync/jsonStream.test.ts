// The streamed JSON parser against JSON.parse: the same value (or a SyntaxError) for every text,
// cut into chunks anywhere (inside a string, an escape, a number, a multi-byte character), with
// containers waited for whole and assembled element by element; and Google's recorded answers.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonStreamParser, parseJsonStream } from "../../sheets/sync/jsonStream.js";
import { sharedFixture } from "../support/inputs.js";

const cassettes = sharedFixture("sheets-api", "cassettes");

/** Parses `text` fed in chunks cut at `cuts` (byte offsets), waiting at most `waitLimit` bytes for a container. */
function parseInChunks(text: string, cuts: number[], waitLimit?: number): unknown {
  const bytes = Buffer.from(text);
  const parser = new JsonStreamParser(waitLimit);
  let start = 0;
  for (const cut of [...new Set(cuts.map((at) => Math.min(at, bytes.length)))].sort((a, b) => a - b)) {
    parser.push(bytes.subarray(start, cut));
    start = cut;
  }
  parser.push(bytes.subarray(start));
  return parser.end();
}

function outcome(parse: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: parse() };
  } catch (error) {
    return { error: error instanceof SyntaxError ? "SyntaxError" : String(error) };
  }
}

const TRICKY = [
  `"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/\\b\\f\\r"`,
  `"lone \\ud800 surrogate"`,
  `["✓", "Dinas Kesehatan P2KB", "é", "😀", "\u00a0"]`,
  `[0, -0, 1.5e3, 1E-7, -12.0e+2, 123456789012345678901234567890, 1e400, -1e400, 5e-324]`,
  `{"a":1,"a":2,"__proto__":{"polluted":true},"constructor":3}`,
  ` \t\r\n{ "values" : [ [ "x" , 1 , true , false , null ] , [ ] , [ [ ] ] ] } \n`,
  `{"range":"'Inovasi'!A1:Z50001","majorDimension":"ROWS","values":[["ID","Nama"],["INO-1","=A2"]]}`,
  `[]`,
  `{}`,
  `""`,
  `0`,
  `true`,
  `null`,
];
const BROKEN = [``, ` `, `[1,]`, `{"a":1,}`, `[1 2]`, `{"a" 1}`, `{a:1}`, `[01]`, `[1.]`, `[.5]`, `["\\x"]`, `["a\nb"]`, `[tru]`, `[1]]`, `{"a":[}]`, `[NaN]`, `[Infinity]`, `'a'`, `[1] 2`, `[`, `{"a":`, `"abc`, `\ufeff[]`, `[-]`, `[+1]`, `[0x10]`, `{"a":1]`, `[1}`];

describe("JsonStreamParser", () => {
  it.each(TRICKY)("parses %s as JSON.parse does, in chunks of every size", (text) => {
    const length = Buffer.byteLength(text);
    for (let size = 1; size <= length; size++) {
      const cuts = Array.from({ length: Math.ceil(length / size) }, (_, k) => k * size);
      for (const waitLimit of [0, 4, undefined]) expect(parseInChunks(text, cuts, waitLimit)).toStrictEqual(JSON.parse(text));
    }
  });

  it.each(BROKEN)("refuses %j as JSON.parse does", (text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    for (const waitLimit of [0, undefined]) {
      expect(() => parseInChunks(text, [1, 2, 3], waitLimit)).toThrow(SyntaxError);
      expect(() => parseInChunks(text, [], waitLimit)).toThrow(SyntaxError);
    }
  });

  it("an object's keys are its own properties, in JSON.parse's order, __proto__ included", () => {
    const parsed = parseInChunks(`{"b":1,"__proto__":{"x":1},"2":0,"a":2,"b":3}`, [3, 9, 20], 0) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["2", "b", "__proto__", "a"]);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.b).toBe(3);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("any JSON text, cut anywhere, parses to JSON.parse's value; any text JSON.parse refuses is refused", () => {
    const text = fc.oneof(
      fc.json({ depthSize: "medium" }),
      fc.json({ depthSize: "small", stringUnit: "binary" }),
      fc.json().map((json) => json.replace(/,/g, " , ").replace(/:/g, "\n:\t")),
      // Broken texts: a JSON text with a character removed or inserted.
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", ",", "]", "}", "\\", '"', "1", " ", "e", "-")).map(([json, at, add]) => json.slice(0, at % (json.length + 1)) + add + json.slice((at % (json.length + 1)) + 1)),
    );
    fc.assert(
      fc.property(text, fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }), fc.constantFrom(0, 1, 16, undefined), (json, cuts, waitLimit) => {
        expect(outcome(() => parseInChunks(json, cuts, waitLimit))).toStrictEqual(outcome(() => JSON.parse(json)));
      }),
      { numRuns: 1500 },
    );
  });

  it("reads a stream of a large value range without waiting for its containers whole", async () => {
    const rows = Array.from({ length: 3000 }, (_, k) => [`INO-${k}`, `Inovasi ✓ ${k}`, k * 1.25, k % 2 === 0, "", `=A${k + 2}`, "😀"]);
    const text = JSON.stringify({ spreadsheetId: "x", valueRanges: [{ range: "'Inovasi'!A1:G3000", majorDimension: "ROWS", values: rows }, { range: "'Program'!A1:Z1000", majorDimension: "ROWS" }] });
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, k) => bytes.subarray(k * 1000, (k + 1) * 1000));
    expect(await parseJsonStream(Readable.from(chunks))).toStrictEqual(JSON.parse(text));
    // fetch's ReadableStream gives plain Uint8Arrays, not Buffers.
    expect(await parseJsonStream(Readable.from(chunks.map((chunk) => new Uint8Array(chunk))))).toStrictEqual(JSON.parse(text));
    const parser = new JsonStreamParser(4096);
    for (const chunk of chunks) parser.push(chunk);
    expect(parser.end()).toStrictEqual(JSON.parse(text));
  });

  it("hands every row of a value range it does not wait for whole to `each` as it is parsed, and places what `each` answers", () => {
    const rows = Array.from({ length: 3000 }, (_, k) => [`INO-${k}`, "✓ Tersinkron", k]);
    const text = JSON.stringify({ valueRanges: [{ range: "'Inovasi'!A1:C3000", values: rows }] });
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, k) => bytes.subarray(k * 1000, (k + 1) * 1000));
    const given: unknown[] = [];
    const each = (value: unknown) => {
      given.push(value);
      return Array.isArray(value) ? [...value, "seen"] : value;
    };
    const parser = new JsonStreamParser(4096, each);
    for (const chunk of chunks) parser.push(chunk);
    const parsed = parser.end() as { valueRanges: { values: unknown[][] }[] };
    expect(parsed.valueRanges[0]!.values).toStrictEqual(rows.map((row) => [...row, "seen"]));
    expect(given.filter(Array.isArray)).toHaveLength(3000);
  });
});

describe.skipIf(!cassettes.present)(`JsonStreamParser on Google's recorded answers ${cassettes.missing}`.trim(), () => {
  it("parses every recorded response body as JSON.parse does, in small chunks", () => {
    let bodies = 0;
    for (const file of readdirSync(cassettes.path).filter((name) => name.endsWith(".json"))) {
      const cassette = JSON.parse(readFileSync(path.join(cassettes.path, file), "utf8")) as { interactions: { response: { body: { string: string } } }[] };
      for (const { response } of cassette.interactions) {
        const text = response.body.string;
        if (!text) continue;
        const expected = outcome(() => JSON.parse(text));
        const cuts = Array.from({ length: Math.ceil(text.length / 7) }, (_, k) => k * 7);
        expect(outcome(() => parseInChunks(text, cuts, 64)), file).toStrictEqual(expected);
        expect(outcome(() => parseInChunks(text, cuts)), file).toStrictEqual(expected);
        bodies++;
      }
    }
    expect(bodies).toBeGreaterThan(100);
  });
});
