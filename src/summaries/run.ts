// One run of the scheduled summaries: plan every email of the period, then send each at most
// once through the ledger. Knows nothing of HTTP; functions/sendSummaries.ts calls it.
import type { Firestore } from "firebase-admin/firestore";
import type { Config } from "../config.js";
import { log } from "../log.js";
import type { Unit } from "../model/schemas.js";
import type { Mailer } from "../mail/transport.js";
import { buildCitySummary, type CityAudience } from "./citySummary.js";
import { DEFAULT_RULES, unitsWithInnovations, type SummaryData, type SummaryRules } from "./facts.js";
import { claim, ledgerId, markFailed, markSent, unfinishedEntries, type LedgerKey } from "./ledger.js";
import { loadSummaryData } from "./load.js";
import { hasEnded, lastCompletedPeriod, periodContaining, UnfinishedPeriodError, type Period, type SummaryKind } from "./period.js";
import { buildUnitSummary, type SummaryContent } from "./unitSummary.js";

/** SUMMARY_COORDINATORS may be left out (no coordinators' copies), as older callers do. */
export type SummaryConfig = Pick<Config, "SUMMARY_RECIPIENTS" | "STALLED_AFTER_DAYS"> & Partial<Pick<Config, "SUMMARY_COORDINATORS">>;

export interface PlannedEmail {
  key: LedgerKey;
  content: SummaryContent;
}

export interface SummaryPlan {
  period: Period;
  emails: PlannedEmail[];
  /** Units with innovations whose head has no email: reported to coordinators, not sent. */
  unitsWithoutEmail: Unit[];
}

export function rulesFrom(config: SummaryConfig): SummaryRules {
  return { ...DEFAULT_RULES, stalledAfterDays: config.STALLED_AFTER_DAYS };
}

/**
 * Ledger audiences of the two city copies. Leadership's keeps the original "city", so that a
 * period claimed before coordinators had their own copy is never sent twice.
 */
export const CITY_LEDGER_AUDIENCE: Record<CityAudience, string> = { leadership: "city", coordinators: "city:coordinators" };

/** Who gets which city copy: a coordinator also listed in SUMMARY_RECIPIENTS gets the coordinators' copy only. */
export function cityRecipients(config: SummaryConfig): Record<CityAudience, string[]> {
  const coordinators = [...new Set((config.SUMMARY_COORDINATORS ?? []).map((email) => email.toLowerCase()))];
  const leadership = [...new Set(config.SUMMARY_RECIPIENTS.map((email) => email.toLowerCase()))].filter((email) => !coordinators.includes(email));
  return { leadership, coordinators };
}

/** Every email of a period: one per unit head (weekly only) and one per city recipient, in their audience's copy. */
export function planSummaries(data: SummaryData, period: Period, config: SummaryConfig): SummaryPlan {
  const rules = rulesFrom(config);
  const base = { kind: period.kind, periodKey: period.key, periodStart: period.start };
  const emails: PlannedEmail[] = [];
  const units = unitsWithInnovations(data);
  if (period.kind === "weekly") {
    for (const unit of units) {
      if (!unit.headEmail) continue;
      emails.push({ key: { ...base, audience: `unit:${unit.id}`, recipient: unit.headEmail }, content: buildUnitSummary({ unit, data, period, rules }) });
    }
  }
  const recipients = cityRecipients(config);
  for (const audience of ["leadership", "coordinators"] as const) {
    if (recipients[audience].length === 0) continue;
    const city = buildCitySummary({ data, period, rules, audience });
    for (const recipient of recipients[audience]) emails.push({ key: { ...base, audience: CITY_LEDGER_AUDIENCE[audience], recipient }, content: city });
  }
  return { period, emails, unitsWithoutEmail: units.filter((unit) => !unit.headEmail) };
}

export interface RunReport {
  periods: string[];
  sent: string[];
  skipped: { id: string; reason: "already_sent" | "in_progress" }[];
  failed: { id: string; error: string }[];
  /** Units with innovations whose head has no email: named as staff know them. */
  unitsWithoutEmail: { id: string; name: string }[];
}

export interface RunSummariesInput {
  db: Firestore;
  mailer: Pick<Mailer, "send">;
  now: Date;
  kind: SummaryKind;
  config: SummaryConfig;
  /** A day inside the period to (re)send; default: the last period that has ended. A period not yet ended is refused. */
  periodDay?: string;
}

async function sendPlanned(input: RunSummariesInput, email: PlannedEmail, report: RunReport): Promise<void> {
  const id = ledgerId(email.key);
  const claimed = await claim(input.db, email.key, input.now);
  if (!claimed.claimed) {
    report.skipped.push({ id, reason: claimed.reason });
    return;
  }
  if (claimed.resendOfUnknown) {
    log.warn("ringkasan dikirim ulang: hasil percobaan sebelumnya tidak diketahui", { ledgerId: id, attempts: claimed.entry.attempts });
  }
  try {
    await input.mailer.send({
      to: [email.key.recipient],
      ...email.content,
      messageId: claimed.entry.messageId,
      headers: { "X-Labinov-Summary": email.key.periodKey },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error("ringkasan gagal dikirim; dicoba lagi pada run berikutnya", { ledgerId: id, error });
    await markFailed(input.db, email.key, claimed.attemptId, message);
    report.failed.push({ id, error: message });
    return;
  }
  // A failure here is a crash between send and ledger: it propagates, the claim stays pending.
  await markSent(input.db, email.key, input.now);
  report.sent.push(id);
}

/** The period a run sends: the one named, once it has ended, or else the last one that has. */
export function periodToSend(input: Pick<RunSummariesInput, "kind" | "now" | "periodDay">): Period {
  if (!input.periodDay) return lastCompletedPeriod(input.kind, input.now);
  const period = periodContaining(input.kind, input.periodDay);
  if (!hasEnded(period, input.now)) throw new UnfinishedPeriodError(period);
  return period;
}

/** Sends the period's summaries, and first finishes any earlier period's unsent ones. Throws UnfinishedPeriodError first, sending nothing. */
export async function runSummaries(input: RunSummariesInput): Promise<RunReport> {
  const period = periodToSend(input);
  const report: RunReport = { periods: [], sent: [], skipped: [], failed: [], unitsWithoutEmail: [] };

  // Earlier periods left unfinished (a failed send, a crashed run): only those emails, nothing new.
  const leftovers = (await unfinishedEntries(input.db, input.kind)).filter((entry) => entry.periodKey !== period.key);
  const leftoverPeriods = new Map<string, Set<string>>();
  for (const entry of leftovers) {
    const ids = leftoverPeriods.get(entry.periodStart) ?? new Set<string>();
    ids.add(ledgerId(entry));
    leftoverPeriods.set(entry.periodStart, ids);
  }
  for (const [start, ids] of [...leftoverPeriods.entries()].sort()) {
    const earlier = periodContaining(input.kind, start);
    const plan = planSummaries(await loadSummaryData(input.db, earlier), earlier, input.config);
    report.periods.push(earlier.key);
    for (const email of plan.emails.filter((candidate) => ids.has(ledgerId(candidate.key)))) await sendPlanned(input, email, report);
  }

  const plan = planSummaries(await loadSummaryData(input.db, period), period, input.config);
  report.periods.push(period.key);
  report.unitsWithoutEmail = plan.unitsWithoutEmail.map((unit) => ({ id: unit.id, name: unit.name }));
  // One at a time: a few dozen emails a week, and SMTP servers throttle bursts.
  for (const email of plan.emails) await sendPlanned(input, email, report);
  log.info("ringkasan selesai", {
    kind: input.kind,
    periods: report.periods,
    sent: report.sent.length,
    skipped: report.skipped.length,
    failed: report.failed.length,
    unitsWithoutEmail: report.unitsWithoutEmail.length,
  });
  return report;
}
