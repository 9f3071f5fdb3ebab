// The bench's figures format (bench/figures.ts): pass marks follow the goal at both ends, an
// unmeasured figure is a gap (null), and the report always holds every row of the issue's table.
import { describe, expect, it } from "vitest";
import { completeFigures, figure, formatFigures, ISSUE_FIGURES } from "../../bench/figures.js";

describe("bench figures", () => {
  it.each([
    [1.5, { max: 1.5 }, true],
    [1.51, { max: 1.5 }, false],
    [3, { min: 3 }, true],
    [2.99, { min: 3 }, false],
    [7, {}, null],
  ] as const)("value %s with goal %o passes: %s", (value, goal, pass) => {
    expect(figure("x", "x", value, "×", goal).pass).toBe(pass);
  });

  it("a figure not measured has no value and no pass mark", () => {
    expect(figure("x", "x", null, "ms", { max: 500 })).toMatchObject({ value: null, pass: null, goal: "≤ 500 ms" });
  });

  it("the report lists every figure of the issue's table in its order, gaps as null, then extra figures", () => {
    const measured = [figure("form-answer-p95", "form", 640, "ms", { max: 1000 }), figure("extra", "extra", 1, "", {})];
    const table = completeFigures(measured);
    expect(table.map((item) => item.id)).toEqual([...ISSUE_FIGURES.map((row) => row.id), "extra"]);
    expect(table.find((item) => item.id === "form-answer-p95")).toMatchObject({ value: 640, pass: true });
    expect(table.find((item) => item.id === "plan-cpu-10k")).toMatchObject({ value: null, pass: null, note: "not measured in this run" });
  });

  it("the printed table marks each figure PASS, FAIL or -", () => {
    const text = formatFigures([figure("a", "alpha", 2, "×", { max: 1.5 }), figure("b", "beta", 1, "×", { max: 1.5 }), figure("c", "gamma", null, "ms", { max: 1 })]);
    expect(text.split("\n").slice(1).map((line) => line.trim().split(/\s+/).filter((word) => ["PASS", "FAIL", "-"].includes(word)).at(-1))).toEqual(["FAIL", "PASS", "-"]);
  });
});
