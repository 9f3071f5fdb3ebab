// What a period's emails would look like, without sending: every planned email plus both copies
// of the city summary (even with no recipients configured), as files to open in a browser.
import type { Firestore } from "firebase-admin/firestore";
import { buildCitySummary, type CityAudience } from "./citySummary.js";
import { loadSummaryData } from "./load.js";
import { hasEnded, periodContaining, type Period, type SummaryKind } from "./period.js";
import { cityRecipients, planSummaries, rulesFrom, type SummaryConfig } from "./run.js";

export interface PreviewFile {
  name: string;
  subject: string;
  /** Addresses it would go to; empty when its setting is empty. */
  to: string[];
  /** For a city copy: the setting that lists its recipients. */
  recipientsSetting?: "SUMMARY_RECIPIENTS" | "SUMMARY_COORDINATORS";
  html: string;
  text: string;
}

export interface Preview {
  period: Period;
  /** False for a period still running: its figures can change until it ends. */
  ended: boolean;
  files: PreviewFile[];
  unitsWithoutEmail: string[];
}

const CITY_FILES: Record<CityAudience, { suffix: string; setting: "SUMMARY_RECIPIENTS" | "SUMMARY_COORDINATORS" }> = {
  leadership: { suffix: "kota", setting: "SUMMARY_RECIPIENTS" },
  coordinators: { suffix: "kota-koordinator", setting: "SUMMARY_COORDINATORS" },
};

export async function previewSummaries(db: Firestore, kind: SummaryKind, day: string, config: SummaryConfig, now: Date = new Date()): Promise<Preview> {
  const period = periodContaining(kind, day);
  const data = await loadSummaryData(db, period);
  const plan = planSummaries(data, period, { ...config, SUMMARY_RECIPIENTS: [], SUMMARY_COORDINATORS: [] });
  const recipients = cityRecipients(config);
  const cityFiles = (["leadership", "coordinators"] as const).map((audience): PreviewFile => {
    const city = buildCitySummary({ data, period, rules: rulesFrom(config), audience });
    return {
      name: `${period.key}-${CITY_FILES[audience].suffix}`,
      subject: city.subject,
      to: recipients[audience],
      recipientsSetting: CITY_FILES[audience].setting,
      html: city.html,
      text: city.text,
    };
  });
  const unitFiles = plan.emails.map((email) => ({
    name: `${period.key}-${email.key.audience.replace(/[^a-z0-9-]+/gi, "-")}`,
    subject: email.content.subject,
    to: [email.key.recipient],
    html: email.content.html,
    text: email.content.text,
  }));
  return { period, ended: hasEnded(period, now), files: [...cityFiles, ...unitFiles], unitsWithoutEmail: plan.unitsWithoutEmail.map((unit) => unit.name) };
}
