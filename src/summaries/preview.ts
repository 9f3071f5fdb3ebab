// What a period's emails would look like, without sending: every planned email plus the
// coordinators' summary (even with no recipients configured), as files to open in a browser.
import type { Firestore } from "firebase-admin/firestore";
import { buildCitySummary } from "./citySummary.js";
import { loadSummaryData } from "./load.js";
import { periodContaining, type Period, type SummaryKind } from "./period.js";
import { planSummaries, rulesFrom, type SummaryConfig } from "./run.js";

export interface PreviewFile {
  name: string;
  subject: string;
  to: string;
  html: string;
  text: string;
}

export async function previewSummaries(db: Firestore, kind: SummaryKind, day: string, config: SummaryConfig): Promise<{ period: Period; files: PreviewFile[]; unitsWithoutEmail: string[] }> {
  const period = periodContaining(kind, day);
  const data = await loadSummaryData(db, period);
  const plan = planSummaries(data, period, { ...config, SUMMARY_RECIPIENTS: [] });
  const city = buildCitySummary({ data, period, rules: rulesFrom(config) });
  const files: PreviewFile[] = [
    { name: `${period.key}-kota`, subject: city.subject, to: config.SUMMARY_RECIPIENTS.join(", ") || "(SUMMARY_RECIPIENTS kosong)", html: city.html, text: city.text },
    ...plan.emails.map((email) => ({
      name: `${period.key}-${email.key.audience.replace(/[^a-z0-9-]+/gi, "-")}`,
      subject: email.content.subject,
      to: email.key.recipient,
      html: email.content.html,
      text: email.content.text,
    })),
  ];
  return { period, files, unitsWithoutEmail: plan.unitsWithoutEmail.map((unit) => unit.name) };
}
