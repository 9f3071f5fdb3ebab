// The shipped IID guide data: valid, weights adding up to the guide's per-innovation maximum,
// sourced, and overridable per year in Firestore (a bad override is refused, never half-used).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IID_INDICATORS_COLLECTION,
  IndicatorSetError,
  indicatorSetSchema,
  loadIndicators,
  predicateFor,
  SHIPPED_INDICATORS,
  shippedIndicators,
} from "../../src/iid/indicators.js";
import guide2023 from "../../src/iid/data/2023.json" with { type: "json" };
import { loadReadinessData } from "../../src/iid/load.js";
import { log, setLogSink } from "../../src/log.js";
import { stores } from "../../src/store/kinds.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { testDatabase } from "../support/firestore.js";

const set = shippedIndicators(2023);

describe("the shipped 2023 guide", () => {
  it("passes its schema", () => {
    expect(indicatorSetSchema.safeParse(guide2023).success).toBe(true);
  });

  it("has the 20 Satuan Inovasi indicators, numbered 16 to 35 as in the guide's SID formula", () => {
    expect(set.indicators).toHaveLength(20);
    expect(set.indicators.map((indicator) => indicator.number)).toEqual(Array.from({ length: 20 }, (_, index) => 16 + index));
  });

  it("weights add up to the guide's 100 points per innovation", () => {
    expect(set.indicators.reduce((sum, indicator) => sum + indicator.weight, 0)).toBe(100);
    expect(set.scoring.maxPerInnovation).toBe(100);
  });

  it("every indicator has three parameter levels, 1 to 3, and names the document types that prove it", () => {
    for (const indicator of set.indicators) {
      expect(indicator.options.map((option) => option.value), indicator.key).toEqual([1, 2, 3]);
      expect(indicator.documentTypes.length, indicator.key).toBeGreaterThan(0);
    }
  });

  it("cites the guide and says plainly that only a secondary copy was found and the weights are unverified", () => {
    expect(set.guide.basis).toContain("400.10.11/2704/SJ");
    expect(set.guide.foundAt.length).toBeGreaterThan(0);
    expect(set.guide.secondaryCopyOnly).toBe(true);
    expect(set.guide.weightsVerified).toBe(false);
  });
});

describe("choosing a year's guide", () => {
  it("a later year without its own file uses the latest earlier guide", () => {
    expect(shippedIndicators(2027).year).toBe(2026);
    expect(shippedIndicators(2025).year).toBe(2023);
    expect(shippedIndicators(2023)).toBe(SHIPPED_INDICATORS.get(2023));
  });
});

describe("the schema refuses data a guide cannot have", () => {
  const bad = (change: (copy: typeof guide2023) => void) => {
    const copy = structuredClone(guide2023);
    change(copy);
    return indicatorSetSchema.safeParse(copy);
  };
  it.each([
    ["weights not adding up", (copy: typeof guide2023) => (copy.indicators[0]!.weight = 6)],
    ["a repeated indicator key", (copy: typeof guide2023) => (copy.indicators[1]!.key = copy.indicators[0]!.key)],
    ["a repeated option key", (copy: typeof guide2023) => (copy.indicators[0]!.options[1]!.key = copy.indicators[0]!.options[0]!.key)],
    ["predicates out of order", (copy: typeof guide2023) => copy.scoring.predicates.reverse()],
    ["an unknown document type", (copy: typeof guide2023) => (copy.indicators[0]!.documentTypes = ["faks"])],
    ["an unknown tahapan", (copy: typeof guide2023) => (copy.scoring.scoredTahapan = ["selesai"])],
  ])("%s", (_, change) => {
    expect(bad(change).success).toBe(false);
  });
});

describe("predicates of the 2023 guide (Sangat Inovatif 60,01-100; Inovatif 35-60; Kurang Inovatif 0,01-34,99; 0 Tidak Dapat Dinilai)", () => {
  it.each([
    [100, "sangat_inovatif"],
    [60.01, "sangat_inovatif"],
    [60, "inovatif"],
    [35, "inovatif"],
    [34.99, "kurang_inovatif"],
    [0.01, "kurang_inovatif"],
    [0, "tidak_dapat_dinilai"],
  ])("%d is %s", (score, key) => {
    expect(predicateFor(set, score).key).toBe(key);
  });
});

describe("override in Firestore", () => {
  const database = testDatabase();
  beforeAll(() => database.clear());
  afterAll(() => database.db.terminate());

  it("without a document, the shipped guide", async () => {
    expect(await loadIndicators(database.db, 2026)).toBe(shippedIndicators(2026));
  });

  it("a valid document for the year replaces the shipped guide", async () => {
    const corrected = structuredClone(guide2023);
    corrected.year = 2027;
    corrected.indicators[0]!.weight = 10;
    corrected.indicators[1]!.weight = 0.5;
    corrected.indicators[2]!.weight = 4.5;
    await database.db.collection(IID_INDICATORS_COLLECTION).doc("2027").set(corrected);
    const loaded = await loadIndicators(database.db, 2027);
    expect(loaded.year).toBe(2027);
    expect(loaded.indicators[0]!.weight).toBe(10);
  });

  it("an invalid document is refused with what is wrong, in Bahasa Indonesia", async () => {
    const broken = structuredClone(guide2023);
    broken.indicators[0]!.weight = 50;
    await database.db.collection(IID_INDICATORS_COLLECTION).doc("2028").set(broken);
    const failure = loadIndicators(database.db, 2028);
    await expect(failure).rejects.toBeInstanceOf(IndicatorSetError);
    await expect(failure).rejects.toThrow(/iidIndicators\/2028 tidak valid: .*jumlah bobot 145/);
  });
});

describe("loadReadinessData (the export, `iid rows` and the dashboard read through it)", () => {
  const database = testDatabase();
  beforeAll(async () => {
    await database.clear();
    await stores(database.db).innovations.create("INO-LOAD000001", innovationFields(), testActor);
    const broken = structuredClone(guide2023);
    broken.year = 2029;
    broken.indicators[0]!.weight = 50;
    await database.db.collection(IID_INDICATORS_COLLECTION).doc("2029").set(broken);
  });
  afterAll(() => database.db.terminate());

  it("reads the records as the stores give them (commit time as ISO text) with the year's guide", async () => {
    const data = await loadReadinessData(database.db, 2026);
    expect(data.indicators).toBe(shippedIndicators(2026));
    expect(data.innovations.map((innovation) => innovation.id)).toEqual(["INO-LOAD000001"]);
    expect((data.innovations[0] as unknown as { committedAt: unknown }).committedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("by default an invalid override fails the load with what is wrong (the CLI stops before writing)", async () => {
    await expect(loadReadinessData(database.db, 2029)).rejects.toThrow(/iidIndicators\/2029 tidak valid/);
  });

  it("asked to keep going, it says the override is invalid in the log and uses the shipped guide", async () => {
    const lines: string[] = [];
    const restore = setLogSink((line) => lines.push(line));
    try {
      const data = await loadReadinessData(database.db, 2029, { keepGoingWith: { log, who: "dashboard" } });
      expect(data.indicators).toBe(shippedIndicators(2029));
      expect(data.innovations).toHaveLength(1);
    } finally {
      restore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/dashboard: the IID indicators in Firestore are invalid/);
    expect(lines[0]).toMatch(/jumlah bobot 145/);
  });
});
