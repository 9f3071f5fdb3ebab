// Scoring against worked examples built from the 2023 guide's rules: an indicator earns its
// weight times the chosen parameter's level over the top level, only with a document linked;
// the city's Satuan Inovasi part is the sum over scored innovations divided by MAX(10, n).
import { describe, expect, it } from "vitest";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { cityReadiness, scoreInnovation, unitReadiness, type EvidenceInput, type ScoredInnovationInput } from "../../src/iid/scoring.js";

const set = shippedIndicators(2023);
const link = "https://drive.google.com/file/d/bukti";

const innovation = (id: string, unitId = "dinkes", tahapan: ScoredInnovationInput["tahapan"] = "penerapan"): ScoredInnovationInput => ({
  id,
  name: `Inovasi ${id}`,
  unitId,
  tahapan,
  status: "aktif",
});

/** Evidence at one level (1..3) for every indicator of the guide. */
const everyIndicatorAt = (innovationId: string, level: 1 | 2 | 3): EvidenceInput[] =>
  set.indicators.map((indicator) => ({ innovationId, indicator: indicator.key, option: indicator.options[level - 1]!.key, link }));

describe("scoreInnovation", () => {
  it("every indicator at its top parameter with a document: the full 100", () => {
    const score = scoreInnovation(set, innovation("a"), everyIndicatorAt("a", 3));
    expect(score).toMatchObject({ score: 100, maxScore: 100, missing: [] });
  });

  it("every indicator at the lowest of three levels: a third of each weight (33.33)", () => {
    expect(scoreInnovation(set, innovation("a"), everyIndicatorAt("a", 1)).score).toBe(33.33);
  });

  it("worked example: a Perwali (level 3 of 3, weight 5) and an SK Kepala Perangkat Daerah for the team (level 2 of 3, weight 5) = 5 + 3.33", () => {
    const evidence: EvidenceInput[] = [
      { innovationId: "a", indicator: "regulasi", option: "perkada_perda", link },
      { innovationId: "a", indicator: "pelaksana", option: "pelaksana_sk_pd", link },
    ];
    const score = scoreInnovation(set, innovation("a"), evidence);
    expect(score.score).toBe(8.33);
    expect(score.missing).toHaveLength(18);
    expect(score.indicators.find((entry) => entry.indicator === "regulasi")).toMatchObject({ points: 5, gap: null });
  });

  it.each([
    ["no row at all", [], "no_evidence"],
    ["a row without a chosen parameter", [{ innovationId: "a", indicator: "regulasi", option: null, link }], "no_option"],
    ["a parameter without a document link", [{ innovationId: "a", indicator: "regulasi", option: "perkada_perda", link: null }], "no_link"],
    ["a parameter of another indicator", [{ innovationId: "a", indicator: "regulasi", option: "media_berita", link }], "unknown_option"],
  ] as [string, EvidenceInput[], string][])("%s scores 0 and says why (%s)", (_, evidence, gap) => {
    const regulasi = scoreInnovation(set, innovation("a"), evidence).indicators.find((entry) => entry.indicator === "regulasi")!;
    expect(regulasi).toMatchObject({ points: 0, gap });
  });

  it("two rows for one indicator: the better one that is backed counts", () => {
    const evidence: EvidenceInput[] = [
      { innovationId: "a", indicator: "regulasi", option: "sk_kepala_pd", link },
      { innovationId: "a", indicator: "regulasi", option: "perkada_perda", link: null },
      { innovationId: "a", indicator: "regulasi", option: "sk_kepala_daerah", link },
    ];
    const regulasi = scoreInnovation(set, innovation("a"), evidence).indicators[0]!;
    expect(regulasi).toMatchObject({ option: "sk_kepala_daerah", gap: null });
    expect(regulasi.points).toBeCloseTo(10 / 3, 10);
  });

  it("archived evidence and other innovations' evidence do not count", () => {
    const evidence: EvidenceInput[] = [
      { innovationId: "a", indicator: "regulasi", option: "perkada_perda", link, status: "diarsipkan" },
      { innovationId: "b", indicator: "regulasi", option: "perkada_perda", link },
    ];
    expect(scoreInnovation(set, innovation("a"), evidence).score).toBe(0);
  });

  it("an innovation still at inisiatif is not eligible (the guide scores uji coba and penerapan)", () => {
    expect(scoreInnovation(set, innovation("a", "dinkes", "inisiatif"), []).eligible).toBe(false);
    expect(scoreInnovation(set, innovation("a", "dinkes", "uji_coba"), []).eligible).toBe(true);
  });
});

describe("unitReadiness", () => {
  const innovations = [innovation("a"), innovation("b"), innovation("c", "dinkes", "inisiatif"), innovation("d", "dispendik"), { ...innovation("e"), status: "diarsipkan" }];
  const evidence = [...everyIndicatorAt("a", 3), { innovationId: "b", indicator: "regulasi", option: "perkada_perda", link }];

  it("counts the unit's scored innovations, their mean score and the missing evidence per indicator", () => {
    const unit = unitReadiness(set, "dinkes", innovations, evidence);
    expect(unit).toMatchObject({ unitId: "dinkes", innovationsScored: 2, innovationsNotEligible: 1, estimatedScore: 52.5 });
    expect(unit.missingByIndicator.regulasi).toBe(0);
    expect(unit.missingByIndicator.anggaran).toBe(1);
    expect(unit.innovations.map((score) => score.innovationId)).toEqual(["a", "b", "c"]);
  });

  it("a unit with nothing scored has score 0, not NaN", () => {
    expect(unitReadiness(set, "kosong", innovations, evidence)).toMatchObject({ innovationsScored: 0, estimatedScore: 0 });
  });
});

describe("cityReadiness: the guide's SID = sum of scores / MAX(10, n)", () => {
  it("worked example: 3 innovations at 100 each, fewer than 10, divide by 10 = 30", () => {
    const innovations = ["a", "b", "c"].map((id) => innovation(id));
    const evidence = innovations.flatMap((entry) => everyIndicatorAt(entry.id, 3));
    expect(cityReadiness(set, ["dinkes"], innovations, evidence)).toMatchObject({ satuanInovasiScore: 30, innovationsScored: 3 });
  });

  it("worked example: 12 innovations, 6 at 100 and 6 without evidence, divide by 12 = 50", () => {
    const innovations = Array.from({ length: 12 }, (_, index) => innovation(`i${index}`, index % 2 ? "dinkes" : "dispendik"));
    const evidence = innovations.slice(0, 6).flatMap((entry) => everyIndicatorAt(entry.id, 3));
    expect(cityReadiness(set, ["dinkes", "dispendik"], innovations, evidence)).toMatchObject({ satuanInovasiScore: 50, innovationsScored: 12 });
  });
});
