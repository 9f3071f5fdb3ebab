// A1 parsing and the normalised range Google echoes, as tables.
import { describe, expect, it } from "vitest";
import { formatRange, parseRange, quoteSheetTitle, resolveRect, RangeParseError } from "../../sheets/emulator/a1.js";

const tabs = new Set(["Sheet1", "D3", "My tab", "🌵 cactus"]);
const isTab = (t: string): boolean => tabs.has(t);

describe("A1 ranges echo the way Google normalises them (grid 1000 x 26)", () => {
  const cases: [input: string, echoed: string][] = [
    ["'Sheet1'!A1", "Sheet1!A1"],
    ["Sheet1!A1:B2", "Sheet1!A1:B2"],
    ["Sheet1", "Sheet1!A1:Z1000"],
    ["'Sheet1'", "Sheet1!A1:Z1000"],
    ["Sheet1!A:A", "Sheet1!A1:A1000"],
    ["Sheet1!A1:C", "Sheet1!A1:C1000"],
    ["Sheet1!A2:2", "Sheet1!A2:Z2"],
    ["Sheet1!2:3", "Sheet1!A2:Z3"],
    ["Sheet1!D4:A1", "Sheet1!A1:D4"],
    ["Sheet1!B1:A3", "Sheet1!A1:B3"],
    ["'D3'!A1:D1", "'D3'!A1:D1"],
    ["D3", "'D3'!A1:Z1000"],
    ["My tab!B2", "'My tab'!B2"],
    ["'My tab'!$B$2", "'My tab'!B2"],
    ["🌵 cactus!A:A", "'🌵 cactus'!A1:A1000"],
    ["A1:B2", "Sheet1!A1:B2"],
  ];
  it.each(cases)("%s -> %s", (input, echoed) => {
    const parsed = parseRange(input, isTab);
    expect(formatRange(parsed.sheetTitle ?? "Sheet1", resolveRect(parsed, 1000, 26))).toBe(echoed);
  });

  const bad = ["", "Sheet1!", "Sheet1!A1:B2:C3", "'Sheet1", "Sheet1!1A", "NOPE"];
  it.each(bad)("cannot parse %j", (input) => {
    expect(() => parseRange(input, isTab)).toThrow(RangeParseError);
  });

  it("says 'Unable to parse range' with the range as given", () => {
    expect(() => parseRange("NOPE", isTab)).toThrow("Unable to parse range: NOPE");
  });
});

describe("tab names are quoted unless plain", () => {
  const cases: [string, string][] = [
    ["Sheet1", "Sheet1"],
    ["Data_2024", "Data_2024"],
    ["D3", "'D3'"],
    ["R1C1", "'R1C1'"],
    ["I'm a new title", "'I''m a new title'"],
    ["Program Inovasi", "'Program Inovasi'"],
  ];
  it.each(cases)("%s -> %s", (title, quoted) => expect(quoteSheetTitle(title)).toBe(quoted));
});
