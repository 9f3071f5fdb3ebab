// What IID readiness is worked out from, read in a handful of queries: units, innovations,
// evidence and the year's indicators. Used by the export, `iid rows` and the dashboard tab.
import type { Firestore } from "firebase-admin/firestore";
import type { log as defaultLog } from "../log.js";
import type { Innovation, Unit } from "../model/schemas.js";
import { stores } from "../store/kinds.js";
import type { IidEvidence } from "./evidence.js";
import { IndicatorSetError, loadIndicators, shippedIndicators, type IndicatorSet } from "./indicators.js";

export interface ReadinessData {
  year: number;
  indicators: IndicatorSet;
  units: Unit[];
  innovations: Innovation[];
  evidence: IidEvidence[];
}

export interface ReadinessLoadOptions {
  /**
   * Where an invalid Firestore override of the year's indicators is said, after which the
   * shipped guide is used (for what must go on regardless, like the dashboard). Without it the
   * load fails with what is wrong: the CLI writes a submission or evidence rows, better stopped.
   */
  keepGoingWith?: { log: typeof defaultLog; who: string };
  /** Complete lists the caller already read (e.g. a sync run): not read again. */
  have?: ReadinessHave;
}

/** Whole collections already at hand; each given one must hold every record of its collection. */
export interface ReadinessHave {
  units?: Unit[];
  innovations?: Innovation[];
  evidence?: IidEvidence[];
}

/** The year's indicators; with `keepGoingWith`, a broken override is logged and the shipped guide used. */
async function indicatorsFor(db: Firestore, year: number, options: ReadinessLoadOptions): Promise<IndicatorSet> {
  try {
    return await loadIndicators(db, year);
  } catch (error) {
    if (!(error instanceof IndicatorSetError) || !options.keepGoingWith) throw error;
    const { log, who } = options.keepGoingWith;
    log.error(`${who}: the IID indicators in Firestore are invalid; the shipped guide is used until they are corrected`, { year, error: error.message });
    return shippedIndicators(year);
  }
}

export async function loadReadinessData(db: Firestore, year: number, options: ReadinessLoadOptions = {}): Promise<ReadinessData> {
  const all = stores(db);
  const have = options.have ?? {};
  const [units, innovations, evidence, indicators] = await Promise.all([
    have.units ?? all.units.list(),
    have.innovations ?? all.innovations.list(),
    have.evidence ?? all.iidEvidence.list(),
    indicatorsFor(db, year, options),
  ]);
  return { year, indicators, units, innovations, evidence };
}
