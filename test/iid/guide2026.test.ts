// The shipped 2026 guide (BSKDN letter 400.10.11/1887/BSKDN of 29 April 2026, as transcribed in
// the public repository safridwirizky/simonda, backend/inovasi/iga.py at 67238767): its data,
// and scoring against worked examples built from that source's own rule, "skor satu baris =
// bobot x parameter terpilih (1-3)", with the Satuan Inovasi sum divided by MAX(12, n) in 2026.
import { describe, expect, it } from "vitest";
import guide2026 from "../../src/iid/data/2026.json" with { type: "json" };
import { indicatorSetSchema, predicateFor, SHIPPED_INDICATORS, shippedIndicators } from "../../src/iid/indicators.js";
import { cityReadiness, scoreInnovation, type EvidenceInput, type ScoredInnovationInput } from "../../src/iid/scoring.js";

const set = shippedIndicators(2026);
const link = "https://drive.google.com/file/d/bukti";

/** The source's bobot of indicators 16 to 35, in order (iga.py, SID). */
const SOURCE_BOBOT = [3, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 2, 3, 2, 3, 2, 4];

const innovation = (id: string): ScoredInnovationInput => ({ id, name: `Inovasi ${id}`, unitId: "dinkes", tahapan: "penerapan", status: "aktif" });

/** Evidence for every indicator at one parameter (1..3), some indicators at another. */
function evidenceAt(innovationId: string, level: 1 | 2 | 3, others: Record<string, 1 | 2 | 3> = {}): EvidenceInput[] {
  return set.indicators.map((indicator) => ({ innovationId, indicator: indicator.key, option: indicator.options[(others[indicator.key] ?? level) - 1]!.key, link }));
}

describe("the shipped 2026 guide", () => {
  it("is the guide for 2026 and later, and its data passes the schema", () => {
    expect(indicatorSetSchema.safeParse(guide2026).success).toBe(true);
    expect(SHIPPED_INDICATORS.get(2026)).toBe(set);
    expect(shippedIndicators(2030)).toBe(set);
  });

  it("has the Satuan Inovasi indicators 16 to 35 with the source's bobot, three parameters each, 111 points at most", () => {
    expect(set.indicators.map((indicator) => indicator.number)).toEqual(Array.from({ length: 20 }, (_, index) => 16 + index));
    expect(set.indicators.map((indicator) => indicator.bobot)).toEqual(SOURCE_BOBOT);
    for (const indicator of set.indicators) {
      expect(indicator.options.map((option) => option.value), indicator.key).toEqual([1, 2, 3]);
      expect(indicator.weight, indicator.key).toBe(indicator.bobot! * 3);
    }
    expect(set.scoring.maxPerInnovation).toBe(111);
    expect(set.indicators.find((indicator) => indicator.number === 35)!.name).toBe("Video inovasi daerah");
  });

  it("cites where the weights come from and says it is a secondary copy", () => {
    expect(set.guide.basis).toContain("400.10.11/1887/BSKDN");
    expect(set.guide.weightsVerified).toBe(true);
    expect(set.guide.secondaryCopyOnly).toBe(true);
    expect(set.guide.foundAt.join(" ")).toContain("safridwirizky/simonda, berkas backend/inovasi/iga.py, commit 67238767a0d05ea9d0b5b77e26dc3aa436054d96");
  });

  it("the schema refuses a bobot that does not match the weight", () => {
    const copy = structuredClone(guide2026);
    copy.indicators[0]!.bobot = 2;
    expect(indicatorSetSchema.safeParse(copy).success).toBe(false);
  });
});

describe("scoring under the 2026 guide, worked from the source's rule", () => {
  it("every indicator at parameter 3: the source's maximum of 111", () => {
    expect(scoreInnovation(set, innovation("a"), evidenceAt("a", 3))).toMatchObject({ score: 111, maxScore: 111, missing: [] });
  });

  it("every indicator at parameter 2 (37 x 2 = 74), the video and the team at 3 (+4 +2): 80", () => {
    expect(scoreInnovation(set, innovation("a"), evidenceAt("a", 2, { kualitas: 3, sdm: 3 })).score).toBe(80);
  });

  it("worked example: a Perkada (bobot 3, parameter 2) and 501 beneficiaries (bobot 3, parameter 3) = 6 + 9", () => {
    const evidence: EvidenceInput[] = [
      { innovationId: "a", indicator: "regulasi", option: "perkada", link },
      { innovationId: "a", indicator: "kemanfaatan", option: "manfaat_501_plus", link },
    ];
    const score = scoreInnovation(set, innovation("a"), evidence);
    expect(score.score).toBe(15);
    expect(score.missing).toHaveLength(18);
  });

  it.each([
    [8, 53.33],
    [12, 80],
    [15, 80],
  ])("%d innovations scoring 80 each: the sum divided by MAX(12, n) = %d", (count, expected) => {
    const ids = Array.from({ length: count }, (_, index) => `i${index}`);
    const city = cityReadiness(set, ["dinkes"], ids.map(innovation), ids.flatMap((id) => evidenceAt(id, 2, { kualitas: 3, sdm: 3 })));
    expect(city.satuanInovasiScore).toBe(expected);
  });
});

describe("predicates of the 2026 guide (Sangat Inovatif from 65,01; Inovatif from 40,01; Kurang Inovatif from 0,01)", () => {
  it.each([
    [65.01, "sangat_inovatif"],
    [65, "inovatif"],
    [40.01, "inovatif"],
    [40, "kurang_inovatif"],
    [0.01, "kurang_inovatif"],
    [0, "tidak_dapat_dinilai"],
  ])("%d is %s", (score, key) => {
    expect(predicateFor(set, score).key).toBe(key);
  });
});
