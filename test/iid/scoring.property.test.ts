// Properties of the scoring that no single example shows: a score stays between 0 and the
// guide's maximum, more evidence never lowers it, and row order never matters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { scoreInnovation, type EvidenceInput } from "../../src/iid/scoring.js";

const set = shippedIndicators(2023);
const innovation = { id: "a", name: "A", unitId: "dinkes", tahapan: "penerapan" as const, status: "aktif" };
const allOptions = set.indicators.flatMap((indicator) => indicator.options.map((option) => option.key));

/** Any evidence row for innovation "a": any indicator, any option (even another indicator's, or none), with or without a link. */
const row = fc.record({
  innovationId: fc.constant("a"),
  indicator: fc.constantFrom(...set.indicators.map((indicator) => indicator.key)),
  option: fc.option(fc.constantFrom(...allOptions), { nil: null }),
  link: fc.option(fc.constant("https://drive.google.com/x"), { nil: null }),
  status: fc.constantFrom("aktif", "diarsipkan"),
}) as fc.Arbitrary<EvidenceInput>;

describe("scoreInnovation properties", () => {
  it("stays within 0 and the guide's maximum", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const { score } = scoreInnovation(set, innovation, rows);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(set.scoring.maxPerInnovation);
      }),
    );
  });

  it("more evidence never lowers the score", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 20 }), (rows, more) => {
        expect(scoreInnovation(set, innovation, [...rows, ...more]).score).toBeGreaterThanOrEqual(scoreInnovation(set, innovation, rows).score);
      }),
    );
  });

  it("the order of the rows does not matter", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        expect(scoreInnovation(set, innovation, [...rows].reverse()).score).toBe(scoreInnovation(set, innovation, rows).score);
      }),
    );
  });
});
