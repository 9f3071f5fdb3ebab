// USER_ENTERED versus RAW parsing and the three render options, as tables.
import { describe, expect, it } from "vitest";
import { evaluateFormula } from "../../sheets/emulator/formula.js";
import { dateToSerial, parseRaw, parseUserEntered, renderCell, type Computed } from "../../sheets/emulator/values.js";

function render(input: ReturnType<typeof parseUserEntered>, option: "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA") {
  const v = input.value;
  let computed: Computed | undefined;
  if (v && "numberValue" in v) computed = v.numberValue;
  else if (v && "stringValue" in v) computed = v.stringValue;
  else if (v && "boolValue" in v) computed = v.boolValue;
  else if (v && "formulaValue" in v) computed = evaluateFormula(v.formulaValue, { cell: () => undefined, range: () => [] });
  return renderCell(input, computed, option, "SERIAL_NUMBER");
}

describe("USER_ENTERED", () => {
  const cases: [input: unknown, formatted: string, unformatted: string | number | boolean][] = [
    ["0042", "42", 42],
    [42, "42", 42],
    [42.01, "42.01", 42.01],
    ["2,000,000.01", "2,000,000.01", 2000000.01],
    ["2020-01-01", "2020-01-01", 43831],
    ["1999-01-02", "1999-01-02", 36162],
    ["TRUE", "TRUE", true],
    ["false", "FALSE", false],
    ["=4/2", "2", 2],
    ["= 1 / 1024", "0.0009765625", 0.0009765625],
    ["=1/0", "#DIV/0!", "#DIV/0!"],
    ['="a"&"b"', "ab", "ab"],
    ["=SUM(1,2,3)", "6", 6],
    ["=NOSUCH(1)", "#NAME?", "#NAME?"],
    ["12%", "12%", 0.12],
    ["'0042", "0042", "0042"],
    ["Non-numeric value", "Non-numeric value", "Non-numeric value"],
    ["2020-02-30", "2020-02-30", "2020-02-30"],
  ];
  it.each(cases)("%j renders %j / %j", (input, formatted, unformatted) => {
    const parsed = parseUserEntered(input);
    expect(render(parsed, "FORMATTED_VALUE")).toBe(formatted);
    expect(render(parsed, "UNFORMATTED_VALUE")).toBe(unformatted);
  });

  it("keeps the formula text under FORMULA and the serial number for a date", () => {
    expect(render(parseUserEntered("=4/2"), "FORMULA")).toBe("=4/2");
    expect(render(parseUserEntered("2020-01-01"), "FORMULA")).toBe(43831);
  });

  it("stores nothing for null and for the empty string", () => {
    expect(parseUserEntered(null)).toEqual({});
    expect(parseUserEntered("")).toEqual({});
  });
});

describe("RAW keeps text as text", () => {
  const cases: [input: unknown, unformatted: string | number | boolean][] = [
    ["0042", "0042"],
    ["=1+1", "=1+1"],
    ["2020-01-01", "2020-01-01"],
    ["TRUE", "TRUE"],
    [1.45, 1.45],
    [true, true],
  ];
  it.each(cases)("%j stays %j", (input, unformatted) => {
    expect(render(parseRaw(input), "UNFORMATTED_VALUE")).toBe(unformatted);
    expect(render(parseRaw(input), "FORMULA")).toBe(unformatted);
  });
});

describe("serial dates count days from 1899-12-30", () => {
  const cases: [y: number, m: number, d: number, serial: number][] = [
    [1899, 12, 30, 0],
    [1900, 1, 1, 2],
    [2020, 1, 1, 43831],
    [1999, 1, 2, 36162],
  ];
  it.each(cases)("%i-%i-%i is %i", (y, m, d, serial) => expect(dateToSerial(y, m, d)).toBe(serial));
});
