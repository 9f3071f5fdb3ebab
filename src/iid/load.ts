// What IID readiness is worked out from, read in a handful of queries: units, innovations,
// evidence and the year's indicators. Used by the export and by anything that charts readiness.
import type { Firestore } from "firebase-admin/firestore";
import type { Innovation, Unit } from "../model/schemas.js";
import { COLLECTIONS } from "../store/db.js";
import { IID_EVIDENCE_COLLECTION, type IidEvidence } from "./evidence.js";
import { loadIndicators, type IndicatorSet } from "./indicators.js";

export interface ReadinessData {
  year: number;
  indicators: IndicatorSet;
  units: Unit[];
  innovations: Innovation[];
  evidence: IidEvidence[];
}

export async function loadReadinessData(db: Firestore, year: number): Promise<ReadinessData> {
  const [units, innovations, evidence, indicators] = await Promise.all([
    db.collection(COLLECTIONS.units).get(),
    db.collection(COLLECTIONS.innovations).get(),
    db.collection(IID_EVIDENCE_COLLECTION).get(),
    loadIndicators(db, year),
  ]);
  return {
    year,
    indicators,
    units: units.docs.map((doc) => doc.data() as Unit),
    innovations: innovations.docs.map((doc) => doc.data() as Innovation),
    evidence: evidence.docs.map((doc) => doc.data() as IidEvidence),
  };
}
