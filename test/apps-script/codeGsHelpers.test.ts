// Code.gs's pure helpers (no Apps Script service involved), run in a plain vm context.
import { readFileSync } from "node:fs";
import { createContext, runInContext } from "node:vm";
import { describe, expect, it } from "vitest";

const script = createContext({}) as Record<string, (...args: unknown[]) => unknown>;
runInContext(readFileSync(new URL("../../sheets/apps-script/Code.gs", import.meta.url), "utf8"), script);

describe("Code.gs helpers", () => {
  it.each([
    [1, "A"],
    [26, "Z"],
    [27, "AA"],
    [52, "AZ"],
    [703, "AAA"],
  ])("column %i is %s", (column, letters) => {
    expect(script.labinovColumnLetters_!(column)).toBe(letters);
  });

  it("hex of Apps Script's signed bytes equals Node's hex digest", () => {
    expect(script.labinovHex_!([0, 15, 16, 127, -128, -1])).toBe("000f107f80ff");
  });

  const headerCases: { name: string; headers: unknown[]; problems: RegExp[] }[] = [
    { name: "a good header row", headers: ["ID", "Nama Inovasi", "Tahap", "", ""], problems: [] },
    { name: "an empty row", headers: ["", ""], problems: [/Baris 1 \(judul kolom\) kosong/] },
    { name: "a gap between headers", headers: ["ID", "", "Tahap"], problems: [/kolom B$/] },
    { name: "a duplicate header", headers: ["ID", "Tahap", "tahap "], problems: [/lebih dari sekali: tahap/] },
    { name: "no ID column", headers: ["Nama Inovasi", "Tahap"], problems: [/Kolom "ID" tidak ada/] },
    { name: "an ID alias", headers: ["ID Labinov", "Nama Inovasi"], problems: [] },
  ];
  it.each(headerCases)("Periksa format: $name", ({ headers, problems }) => {
    const found = script.labinovHeaderProblems_!(headers) as string[];
    expect(found).toHaveLength(problems.length);
    problems.forEach((pattern, index) => expect(found[index]).toMatch(pattern));
  });
});
