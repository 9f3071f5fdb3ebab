// Demo IID evidence ("bukti dukung"): a few innovations fully backed, some partly (the rest of
// their rows prepared empty, as `labinov iid rows` makes them), the others none. Ids are the
// ones `iid rows` derives from innovation and indicator, so preparing rows later adds no twin.
import { subDays } from "date-fns/subDays";
import { format } from "date-fns/format";
import type { IidEvidenceFields } from "../iid/evidence.js";
import type { IndicatorSet } from "../iid/indicators.js";
import { evidenceRowId } from "../iid/prepare.js";
import { DEMO_INNOVATIONS } from "./innovations.js";

/** How many of the guide's indicators each demo innovation has evidence for ("all": every one). */
const BACKED: Record<string, number | "all"> = {
  "INO-DEMO-01": "all",
  "INO-DEMO-02": "all",
  "INO-DEMO-22": "all",
  "INO-DEMO-29": 12,
  "INO-DEMO-24": 7,
  "INO-DEMO-16": 4,
};

export interface DemoEvidence {
  id: string;
  fields: Pick<IidEvidenceFields, "innovationId" | "unitId" | "indicator"> & Partial<IidEvidenceFields>;
  /** The day the row was entered, at least ten days ago: a preview of last week already shows it. */
  enteredOn: string;
}

/** A demo date as stored (yyyy-MM-dd). */
export const day = (date: Date) => format(date, "yyyy-MM-dd");

/** The demo evidence rows, the same for the same guide and day. */
export function demoEvidence(set: IndicatorSet, today: Date): DemoEvidence[] {
  const rows: DemoEvidence[] = [];
  for (const [position, innovation] of DEMO_INNOVATIONS.entries()) {
    const backed = BACKED[innovation.id];
    if (backed === undefined) continue;
    const count = backed === "all" ? set.indicators.length : backed;
    const prepared = day(subDays(today, 10));
    for (const [index, indicator] of set.indicators.entries()) {
      const fields = { innovationId: innovation.id, unitId: innovation.unitId, indicator: indicator.key };
      if (index >= count) {
        rows.push({ id: evidenceRowId(innovation.id, indicator.key), fields, enteredOn: prepared });
        continue;
      }
      // Varied by position so not every innovation picks the same option.
      const option = indicator.options[(position + index) % indicator.options.length]!;
      const documentDate = day(subDays(today, 10 + ((position * 3 + index) % 60)));
      rows.push({
        id: evidenceRowId(innovation.id, indicator.key),
        fields: {
          ...fields,
          option: option.key,
          link: `https://probolinggokota.go.id/bukti-iid/${innovation.id.toLowerCase()}/${indicator.key}`,
          documentType: indicator.documentTypes[0] ?? null,
          documentDate,
        },
        enteredOn: documentDate,
      });
    }
  }
  return rows;
}
