// The IID indicators of one year's guide (Kemendagri BSKDN), as data: shipped per year in
// data/<year>.json and overridable as a whole in Firestore `iidIndicators/<year>`, so a
// coordinator can correct a weight or add the next year's guide without a deploy.
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import { TAHAPAN, keysOf } from "../model/vocabulary.js";
import guide2023 from "./data/2023.json" with { type: "json" };
import guide2026 from "./data/2026.json" with { type: "json" };
import { DOCUMENT_TYPES } from "./vocabulary.js";

export const IID_INDICATORS_COLLECTION = "iidIndicators";

const key = z.string().regex(/^[a-z0-9_]+$/, "kunci hanya huruf kecil, angka dan _");

const option = z.object({
  key,
  label: z.string().trim().min(1),
  /** The parameter's level; the option with the highest value earns the indicator's whole weight. */
  value: z.number().positive(),
});

const indicator = z
  .object({
    key,
    /** The indicator's number in the guide (Satuan Inovasi: 16 to 35 in 2023). */
    number: z.number().int().positive(),
    name: z.string().trim().min(1),
    weight: z.number().positive(),
    /** The guide's own "bobot" where it scores bobot x parameter (1-3); then weight = bobot x the top option's value. */
    bobot: z.number().positive().optional(),
    documentTypes: z.array(z.enum(keysOf(DOCUMENT_TYPES))).default([]),
    options: z.array(option).min(1),
  })
  .refine((entry) => new Set(entry.options.map((o) => o.key)).size === entry.options.length, {
    message: "kunci parameter harus unik dalam satu indikator",
    path: ["options"],
  })
  .refine((entry) => entry.bobot === undefined || Math.abs(entry.bobot * Math.max(...entry.options.map((o) => o.value)) - entry.weight) < 1e-6, {
    message: "bobot x nilai parameter tertinggi harus sama dengan weight",
    path: ["weight"],
  });

const predicate = z.object({ key, label: z.string().min(1), min: z.number().min(0) });

export const indicatorSetSchema = z
  .object({
    year: z.number().int().min(2018).max(2100),
    guide: z.object({
      title: z.string().min(1),
      publisher: z.string().min(1),
      basis: z.string().default(""),
      foundAt: z.array(z.string()).min(1),
      secondaryCopyOnly: z.boolean(),
      weightsVerified: z.boolean(),
      note: z.string().default(""),
    }),
    scoring: z.object({
      /** What one innovation scores with every indicator at its best parameter. */
      maxPerInnovation: z.number().positive(),
      /** The guide divides the sum over innovations by MAX(minDivisor, n). */
      minDivisor: z.number().int().positive(),
      /** The national tahapan an innovation must have reached to be scored. */
      scoredTahapan: z.array(z.enum(keysOf(TAHAPAN))).min(1),
      /** Highest first; the last one starts at 0. */
      predicates: z.array(predicate).min(1),
    }),
    indicators: z.array(indicator).min(1),
  })
  .superRefine((set, context) => {
    const keys = set.indicators.map((entry) => entry.key);
    if (new Set(keys).size !== keys.length) context.addIssue({ code: "custom", message: "kunci indikator harus unik", path: ["indicators"] });
    const total = set.indicators.reduce((sum, entry) => sum + entry.weight, 0);
    if (Math.abs(total - set.scoring.maxPerInnovation) > 1e-6) {
      context.addIssue({ code: "custom", message: `jumlah bobot ${total} tidak sama dengan skor maksimal ${set.scoring.maxPerInnovation}`, path: ["indicators"] });
    }
    const mins = set.scoring.predicates.map((entry) => entry.min);
    if (mins.some((min, index) => index > 0 && min >= mins[index - 1]!) || mins.at(-1) !== 0) {
      context.addIssue({ code: "custom", message: "predikat harus urut dari batas tertinggi dan berakhir di 0", path: ["scoring", "predicates"] });
    }
  });

export type IndicatorSet = z.output<typeof indicatorSetSchema>;
export type Indicator = IndicatorSet["indicators"][number];
export type IndicatorOption = Indicator["options"][number];

export class IndicatorSetError extends Error {
  override name = "IndicatorSetError";
}

/** Every guide shipped with labinov, by year. */
export const SHIPPED_INDICATORS: ReadonlyMap<number, IndicatorSet> = new Map(
  [guide2023, guide2026].map((raw) => {
    const set = indicatorSetSchema.parse(raw);
    return [set.year, set] as const;
  }),
);

/** The shipped guide for a year: that year's, or else the latest one before it (guides change slowly). */
export function shippedIndicators(year: number): IndicatorSet {
  const years = [...SHIPPED_INDICATORS.keys()].sort((a, b) => b - a);
  const chosen = years.find((candidate) => candidate <= year) ?? years.at(-1)!;
  return SHIPPED_INDICATORS.get(chosen)!;
}

/** The indicators used for a year: Firestore `iidIndicators/<year>` when present (validated), else the shipped guide. */
export async function loadIndicators(db: Firestore, year: number): Promise<IndicatorSet> {
  const snapshot = await db.collection(IID_INDICATORS_COLLECTION).doc(String(year)).get();
  if (!snapshot.exists) return shippedIndicators(year);
  const parsed = indicatorSetSchema.safeParse(snapshot.data());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(akar)"}: ${issue.message}`).join("; ");
    throw new IndicatorSetError(`Indikator IID di Firestore ${IID_INDICATORS_COLLECTION}/${year} tidak valid: ${problems}`);
  }
  return parsed.data;
}

/** The predicate ("Sangat Inovatif", ...) a score earns under a guide. */
export function predicateFor(set: IndicatorSet, score: number): IndicatorSet["scoring"]["predicates"][number] {
  return set.scoring.predicates.find((entry) => score >= entry.min) ?? set.scoring.predicates.at(-1)!;
}
