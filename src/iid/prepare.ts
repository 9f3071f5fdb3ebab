// "One row per innovation and indicator": the evidence records a unit's "Bukti IID" tab should
// show, made ahead so staff only choose the parameter and paste the link. Ids are derived from
// innovation and indicator, so preparing twice (or from two machines) makes each row once.
import { createHash } from "node:crypto";
import type { Innovation } from "../model/schemas.js";
import type { IidEvidence, IidEvidenceFields } from "./evidence.js";
import type { IndicatorSet } from "./indicators.js";

/** "BKT-" and 12 characters from the pair, in the shape the sync knows as its own ids. */
export function evidenceRowId(innovationId: string, indicator: string): string {
  const digest = createHash("sha256").update(`${innovationId}\u0000${indicator}`).digest("base64url").replace(/[-_]/g, "X");
  return `BKT-${digest.slice(0, 12).toUpperCase()}`;
}

export interface PreparedRow {
  id: string;
  fields: Pick<IidEvidenceFields, "innovationId" | "unitId" | "indicator">;
}

/**
 * The rows missing for every live innovation the guide scores: one per indicator that has no
 * evidence record yet (an archived one counts: staff archived it on purpose).
 */
export function missingEvidenceRows(set: IndicatorSet, innovations: readonly Innovation[], evidence: readonly IidEvidence[]): PreparedRow[] {
  const present = new Set(evidence.map((entry) => `${entry.innovationId}\u0000${entry.indicator}`));
  const rows: PreparedRow[] = [];
  for (const innovation of innovations) {
    if (innovation.status === "diarsipkan" || !set.scoring.scoredTahapan.includes(innovation.tahapan)) continue;
    for (const indicator of set.indicators) {
      if (present.has(`${innovation.id}\u0000${indicator.key}`)) continue;
      rows.push({ id: evidenceRowId(innovation.id, indicator.key), fields: { innovationId: innovation.id, unitId: innovation.unitId, indicator: indicator.key } });
    }
  }
  return rows;
}
