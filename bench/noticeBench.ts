// Notice-answer benchmark: how long Apps Script waits for sheetEdited and formSubmitted when
// twenty staff work at once, with Google-like Sheets latency (250 ms per call) injected into the
// Sheets emulator. The syncs and mails run meanwhile from the Firestore triggers (relayed as
// Eventarc would), so the answers are measured under the real background load: in a process of
// their own, as on other instances in production (bench/triggeredWork.ts), on the same emulators.
import { sheets_v4 } from "@googleapis/sheets";
import { formSubmittedHandler } from "../functions/formSubmitted.js";
import { sheetEditedHandler } from "../functions/sheetEdited.js";
import type { SheetsEmulator } from "../sheets/emulator/index.js";
import { initTarget, SheetTargetStore, syncAfterChange } from "../sheets/index.js";
import { sheetSyncFromEngine } from "../sheets/port.js";
import { signedHeaders } from "../src/http/signature.js";
import { clearFirestoreEmulator } from "../local/firestoreEmulator.js";
import { innovationIdForResponse } from "../src/forms/formSubmission.js";
import { firestore } from "../src/store/db.js";
import { stores } from "../src/store/kinds.js";
import { columnLetter } from "../sheets/layout/columns.js";
import type { Firestore } from "firebase-admin/firestore";
import { figure, type Figure } from "./figures.js";
import { serve, spawnTriggeredWork, startTriggeredWork, type TriggeredWork } from "./triggeredWork.js";

const PROJECT = "demo-bench-notices";
const SECRET = "bench-rahasia-webhook-labinov-0123456789abcdef";
const ACTOR = { by: "bench", source: "cli" as const };

export interface AnswerTimes {
  requests: number;
  concurrency: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface NoticeBenchReport {
  /** Fixed ms per Sheets call, or "google": drawn per call (GOOGLE_LATENCY_LAYERS). */
  sheetsLatencyMs: number | "google";
  /** Whether the triggered syncs and mail ran while answers were measured. */
  withBackground: boolean;
  /** Where they ran: a process of their own (as other instances in production) or the answering one. */
  triggeredWorkIn: "a process of its own" | "the answering process" | null;
  sheetEdited: AnswerTimes;
  formSubmitted: AnswerTimes;
  /** Background work done while the answers were measured. */
  background: { syncRuns: number; sheetsRequests: number; mailsSent: number };
  /** From the first form post until every proposal's row sync and email was done (null without background). */
  formWork: { doneMs: number; complete: boolean } | null;
  /** What one notice waited before, when sheetEdited answered after its own sync run (same latency). */
  formerEditWaitMs: number;
  /** A staff edit, from its notice posted to its record committed in Firestore (null without --background). */
  editToRecord: EditToRecord | null;
}

export interface EditToRecord {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `count` requests from `concurrency` senders at once; each answer time measured. */
async function measure(concurrency: number, count: number, send: (index: number) => Promise<Response>): Promise<AnswerTimes> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const sender = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      const response = await send(index);
      await response.arrayBuffer();
      times.push(performance.now() - started);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { requests: count, concurrency, statuses, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(times.at(-1) ?? 0) };
}

function post(url: string, payload: object): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...signedHeaders(SECRET, body) }, body });
}

/**
 * Staff type into a row, the script posts its notice, and we wait for the record to change in
 * Firestore (a snapshot listener): the whole path sheetEdited -> sheetSyncRequests -> trigger ->
 * syncRequested -> run -> record write, one edit at a time, as production wires it.
 */
async function measureEditToRecord(db: Firestore, sheets: sheets_v4.Sheets, spreadsheetId: string, editUrl: string, samples: number): Promise<EditToRecord> {
  const values = (await sheets.spreadsheets.values.get({ spreadsheetId, range: "Inovasi" })).data.values ?? [];
  const header = values[0]!.map(String);
  const idColumn = header.indexOf("ID");
  const rowIndex = values.findIndex((row, index) => index > 0 && /^INO-/.test(String(row[idColumn] ?? "")));
  if (rowIndex < 1) throw new Error("edit-to-record: no innovation row in the bench sheet");
  const id = String(values[rowIndex]![idColumn]);
  const cell = `${columnLetter(header.indexOf("Manfaat"))}${rowIndex + 1}`;
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const text = `Manfaat diubah staf ${sample} ${Date.now()}`;
    await sheets.spreadsheets.values.update({ spreadsheetId, range: `Inovasi!${cell}`, valueInputOption: "RAW", requestBody: { values: [[text]] } });
    const committed = new Promise<number>((resolve) => {
      const stop = db.collection("innovations").doc(id).onSnapshot((snapshot) => {
        if (snapshot.get("benefits") === text) {
          stop();
          resolve(performance.now());
        }
      });
    });
    const started = performance.now();
    const answer = await post(editUrl, { kind: "sheetEdit", eventId: `edit-record-${sample}-${Date.now()}`, spreadsheetId, sheetName: "Inovasi", range: cell, changeType: "EDIT", user: "staf@probolinggokota.go.id", editedAt: new Date().toISOString() });
    await answer.arrayBuffer();
    times.push((await committed) - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms);
  return { samples, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(times.at(-1) ?? 0) };
}

/**
 * `--sheets-latency=google`: a per-call latency drawn, not fixed. Each layer adds its delay to a
 * share of the calls (the emulator's faults add up): 200 ms always, +150 ms for 40%, +400 ms for
 * 10%, +1,000 ms for 2%: median about 350 ms, mean 320 ms, about one call in twelve over 600 ms.
 * An assumption, stated: Google publishes no latency figures for the Sheets API; the issue
 * observes "a few hundred ms per call", and a measurement from Cloud Run (europe-west1) found one
 * values.batchUpdate of 10 ranges at 1.12 s including its caller's own round trip
 * (github.com/piotr-agier/google-drive-mcp pull 203), hence the slow tail.
 */
export const GOOGLE_LATENCY_LAYERS = [
  { latencyMs: 200 },
  { latencyMs: 150, rate: 0.4 },
  { latencyMs: 400, rate: 0.1 },
  { latencyMs: 1000, rate: 0.02 },
];

function injectLatency(emulator: SheetsEmulator, latency: number | "google"): void {
  if (latency === "google") for (const layer of GOOGLE_LATENCY_LAYERS) emulator.faults.inject({ method: "*", ...layer });
  else emulator.faults.inject({ method: "*", latencyMs: latency });
}

export async function benchNoticeAnswers(emulator: SheetsEmulator, firestoreHost: string, options: { staff?: number; edits?: number; forms?: number; latencyMs?: number | "google"; background?: "process" | "same-process" | "off"; editSamples?: number } = {}): Promise<NoticeBenchReport> {
  const staff = options.staff ?? 20;
  const latencyMs = options.latencyMs ?? 250;
  await clearFirestoreEmulator(firestoreHost, PROJECT);
  const db = firestore(PROJECT);
  const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "bench", retry: false });
  const records = stores(db);
  await records.units.create("dinkes", { name: "Dinas Kesehatan P2KB", kind: "opd", headName: "dr. Nur Aini", headEmail: "dinkes@probolinggokota.go.id" }, ACTOR);
  const spreadsheetId = (await sheets.spreadsheets.create({ requestBody: { properties: { title: "Bench Dinkes" } } })).data.spreadsheetId!;
  const target = await new SheetTargetStore(db).add({ spreadsheetId, tab: "Inovasi", kind: "innovations", units: ["dinkes"] });
  await initTarget({ db, sheets }, target.id);

  const sync = sheetSyncFromEngine({ db, sheets });
  const servers = {
    edit: await serve("http", sheetEditedHandler(() => ({ db, sync, webhookSecret: SECRET }))),
    form: await serve("http", formSubmittedHandler(() => ({ db, webhookSecret: SECRET }))),
  };
  // In production the triggered work runs on other instances: by default here in a process of its
  // own; "same-process" shares this process's event loop (as before), "off" shows the answers alone.
  const backgroundMode = options.background ?? "process";
  const withBackground = backgroundMode !== "off";
  const job = { projectId: PROJECT, firestoreHost, sheetsUrl: emulator.url };
  const triggered: TriggeredWork | null = backgroundMode === "off" ? null : backgroundMode === "process" ? await spawnTriggeredWork(job) : await startTriggeredWork(job);
  emulator.reset();
  injectLatency(emulator, latencyMs);
  try {
    const sheetEdited = await measure(staff, options.edits ?? 200, (index) =>
      post(servers.edit.url, {
        kind: "sheetEdit",
        eventId: `edit-bench-${index}`,
        spreadsheetId,
        sheetName: "Inovasi",
        range: `C${(index % 50) + 2}`,
        changeType: "EDIT",
        user: `staf${index % staff}@probolinggokota.go.id`,
        editedAt: new Date().toISOString(),
      }),
    );
    const forms = options.forms ?? 40;
    const formsStarted = performance.now();
    const formSubmitted = await measure(Math.min(staff, 10), forms, (index) =>
      post(servers.form.url, {
        kind: "formSubmit",
        eventId: `form-bench-${index}`,
        formId: "form-bench",
        responseId: `resp-bench-${index}`,
        submittedAt: new Date().toISOString(),
        respondentEmail: `pengusul${index}@probolinggokota.go.id`,
        answers: [
          { title: "Nama inovasi", value: `Inovasi bench ${index}` },
          { title: "Unit kerja", value: "Dinas Kesehatan P2KB" },
          { title: "Jenis inovasi", value: "Digital" },
          { title: "Bentuk inovasi", value: "Inovasi pelayanan publik" },
        ],
      }),
    );
    // Each proposal queues two emails (a go.id respondent's confirmation, the unit head's notice).
    const expected = { records: Array.from({ length: forms }, (_, index) => innovationIdForResponse("form-bench", `resp-bench-${index}`)), mails: 2 * forms };
    const done = await triggered?.done(expected);
    const formWork = done ? { doneMs: Math.round(performance.now() - formsStarted), complete: done.complete } : null;
    const background = {
      syncRuns: emulator.counters["spreadsheets.values.batchGet"] ?? 0,
      sheetsRequests: Object.values(emulator.counters).reduce((sum, count) => sum + count, 0),
      mailsSent: done?.mailsSent ?? 0,
    };
    const editToRecord = withBackground ? await measureEditToRecord(db, sheets, spreadsheetId, servers.edit.url, options.editSamples ?? 20) : null;
    // The former answer path, once: a debounced run of the spreadsheet, then the answer.
    const formerStarted = performance.now();
    await syncAfterChange({ db, sheets }, spreadsheetId, new Date().toISOString(), { debounceMs: 300 });
    const formerEditWaitMs = Math.round(performance.now() - formerStarted);
    return {
      sheetsLatencyMs: latencyMs,
      withBackground,
      triggeredWorkIn: backgroundMode === "off" ? null : backgroundMode === "process" ? "a process of its own" : "the answering process",
      sheetEdited,
      formSubmitted,
      background,
      formWork,
      formerEditWaitMs,
      editToRecord,
    };
  } finally {
    await triggered?.stop();
    emulator.faults.clear();
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await db.terminate();
  }
}

const latencyLabel = (report: NoticeBenchReport) => (report.sheetsLatencyMs === "google" ? "Google-like (drawn per call)" : `${report.sheetsLatencyMs} ms`);

export function formatNoticeBench(report: NoticeBenchReport): string {
  const row = (name: string, times: AnswerTimes) =>
    `${name.padEnd(14)} ${String(times.requests).padStart(8)} ${String(times.concurrency).padStart(7)} ${String(times.p50Ms).padStart(8)} ${String(times.p95Ms).padStart(8)} ${String(times.maxMs).padStart(8)}  ${JSON.stringify(times.statuses)}`;
  return [
    `Sheets API latency injected: ${latencyLabel(report)} per call; ${report.triggeredWorkIn ? `syncs and mail run meanwhile from the Firestore triggers, in ${report.triggeredWorkIn}` : "answers alone (--background=off)"}`,
    `${"function".padEnd(14)} ${"requests".padStart(8)} ${"at once".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}  statuses`,
    row("sheetEdited", report.sheetEdited),
    row("formSubmitted", report.formSubmitted),
    `background while measured: ${report.background.syncRuns} sync runs, ${report.background.sheetsRequests} Sheets requests, ${report.background.mailsSent} emails sent`,
    report.formWork
      ? `form submitted -> every proposal's row synced and emails sent: ${report.formWork.doneMs} ms after the first of ${report.formSubmitted.requests} posts${report.formWork.complete ? "" : " (NOT complete: gave up waiting)"}`
      : "form -> rows and emails done: not measured (--background=off)",
    `before (answer after the notice's own sync run, same latency): ${report.formerEditWaitMs} ms per notice, with no other notice waiting`,
    report.editToRecord
      ? `edit -> record committed (notice posted to record changed in Firestore), ${report.editToRecord.samples} edits one at a time: p50 ${report.editToRecord.p50Ms} ms, p95 ${report.editToRecord.p95Ms} ms, max ${report.editToRecord.maxMs} ms`
      : "edit -> record committed: not measured (--background=off)",
  ].join("\n");
}

export function noticeFigures(report: NoticeBenchReport): Figure[] {
  const latency = `${latencyLabel(report)} Sheets latency${report.triggeredWorkIn ? `, triggered work in ${report.triggeredWorkIn}` : ""}`;
  return [
    figure("form-answer-p95", "form submitted → answer, p95", report.formSubmitted.p95Ms, "ms", { max: 1000 }, latency),
    figure("edit-to-record-p95", "sheet edit → record committed, p95", report.editToRecord?.p95Ms ?? null, "ms", { max: 500 }, `${latencyLabel(report)} Sheets latency, ${report.editToRecord?.samples ?? 0} edits one at a time`),
    figure("form-work-done", "form submitted → rows synced and emails sent, all", report.formWork?.doneMs ?? null, "ms", {}, `${report.formSubmitted.requests} proposals, ${latency}`),
    figure("edit-answer-p95", "sheet edit notice → answer, p95", report.sheetEdited.p95Ms, "ms", {}, latency),
  ];
}
