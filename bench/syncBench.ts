// Sync benchmark, per size: labinov's sync in a process of its own (the emulators run apart), for
// a first run with no base state (against a bare read of the same documents), a reconcile after
// changes on both sides, and a run that must add every row; and the same reconcile by two naive
// syncs on identical copies: one request per changed row, and a rewrite of the whole tab. Staff
// act in every sync's window (after its read, before its next request), the same way for all
// three, and the bench counts what each lost. Sheets requests come from the emulator's counters.
import { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { quoteTab, columnLetter } from "../sheets/layout/columns.js";
import { clearFirestoreEmulator } from "../local/firestoreEmulator.js";
import { COLLECTIONS, firestore } from "../src/store/db.js";
import type { SheetsEmulator } from "../sheets/emulator/index.js";
import type { CellValue } from "../sheets/layout/cells.js";
import { figure, ISSUE_FIGURES, type Figure } from "./figures.js";
import { deployedSyncInstance, runSyncProcess, type SyncProcessOptions, type SyncProcessResult } from "./syncProcess.js";
import { applyWorkload, fieldColumn, LAYOUT, readTab, seedWorld, sheetRow, STAFF_COLUMN_INDEX, TAB, workload, type Workload } from "./syncWorkload.js";

/** What a sync lost of what staff and the system had, counted after its run. */
export interface Losses {
  /** Staff edits made in the sync's window that neither the sheet nor the record holds afterwards. */
  staffEdits: number;
  /** Formulas in staff's own column that became plain values. */
  formulas: number;
  /** Records without their own row afterwards (overwritten by another's), and staff's new row if it is in neither place. */
  records: number;
}

export interface SyncBenchSide {
  /** From the Sheets emulator's own counters. */
  sheetsRequests: number;
  /** labinov: counted by the run; naive: counted by the bench (one per document read or written). */
  firestoreReads: number;
  firestoreWrites: number;
  planCpuMs: number;
  wallMs: number;
  /** Peak RSS of the syncing process (labinov only; the naive syncs run in the bench's process). */
  peakRssMb: number | null;
  /** Minutes the Sheets requests take at Google's 60 requests/minute/user quota. */
  quotaMinutes: number;
  lost: Losses;
}

export interface SyncBenchRow {
  rows: number;
  sheetEdits: number;
  firestoreEdits: number;
  conflicts: number;
  /** Staff acts in each sync's window: cell edits, and one new row typed near the top. */
  windowEdits: number;
  /** The memory-limited run's flags: deploy's NODE_OPTIONS for the syncing functions, or --max-old-space-size from --sync-heap. */
  limitedFlags: string;
  /** What the other runs of labinov's sync had: deploy's NODE_OPTIONS, or none. */
  syncFlags: string;
  labinov: SyncBenchSide;
  naivePerRow: SyncBenchSide;
  naiveRewrite: SyncBenchSide;
  /** The first run of a tab in sync with no base state, against a bare read of the same documents. */
  firstRun: { wallMs: number; cpuMs: number; peakRssMb: number; sheetsRequests: number; firestoreReads: number; firestoreWrites: number; bareReadMs: number; bareReadRssMb: number; ratio: number };
  /**
   * After the reconcile, one more run over the same tab (nothing changed since) in a process
   * started with `limitedFlags`: whether it succeeds, and its peak RSS.
   */
  limited: { flags: string; ok: boolean; peakRssMb: number | null; wallMs: number | null; error: string | null };
  /** A run that adds every row to a tab that has only its header. */
  addRows: { rows: number; appended: number | null; wallMs: number | null; cpuMs: number | null; planCpuMs: number | null; peakRssMb: number | null; sheetsRequests: number; rowsInSheet: number; error: string | null };
}

export interface SyncBenchOptions {
  /** Share of rows changed on each side; default 2%. */
  share?: number;
  /** The heap limit (`--max-old-space-size`) of the memory-limited run; default: deploy's NODE_OPTIONS (deploy/sync-instance.env). Measured runs have none. */
  heapLimitMb?: number;
  /** Profiles of the measured reconcile (`--cpu-prof`, `--heap-prof`) go into this folder. */
  profileDir?: string;
  /**
   * Runs of labinov's sync (first run, reconcile, adding rows) with deploy's NODE_OPTIONS, as the
   * functions run (the default), or with none ("none": V8 sizes its heap by itself, as it would
   * on a machine with memory to spare).
   */
  syncFlags?: "deploy" | "none";
}

const STAFF_ROW_NAME = "Usulan baru dari staf";

function sheetsClient(emulator: SheetsEmulator): sheets_v4.Sheets {
  return new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "bench-api-key", retry: false, timeout: 600_000 });
}

function requestsSince(emulator: SheetsEmulator): number {
  return Object.values(emulator.counters).reduce((sum, count) => sum + count, 0);
}

interface WindowEdits {
  edits: { id: string; value: string }[];
}

/** Staff's doing in a sync's window: `count` Manfaat edits, half on rows the system changed, and a new row typed at row 3. */
function windowWork(rows: number, work: Workload): { index: number; value: string }[] {
  const count = Math.max(2, Math.round(rows * 0.002));
  const changed = work.firestoreEdits.slice(0, Math.ceil(count / 2));
  const others = Array.from({ length: count - changed.length }, (_, k) => (k * 3571 + 101) % rows).filter((index) => !work.firestoreEdits.includes(index));
  return [...new Set([...changed, ...others])].map((index) => ({ index, value: `manfaat dari staf ${index}` }));
}

/**
 * Lets staff act once, right after the sync's first request (its read) was answered: the hook
 * holds the sync's second request of this spreadsheet until staff are done.
 */
function staffActInWindow(emulator: SheetsEmulator, sheets: sheets_v4.Sheets, spreadsheetId: string, edits: { index: number; value: string }[], ids: string[]): { done: () => WindowEdits; off: () => void } {
  let seen = 0;
  const result: WindowEdits = { edits: [] };
  const benefits = columnLetter(fieldColumn("benefits"));
  const nameColumn = fieldColumn("name");
  const off = emulator.hooks.beforeApply("*", async (call) => {
    if (call.spreadsheetId !== spreadsheetId || ++seen !== 2) return;
    off();
    // Rows by index before the insertion below: record k is on row k + 2.
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: { valueInputOption: "RAW", data: edits.map(({ index, value }) => ({ range: `${quoteTab(TAB)}!${benefits}${index + 2}`, values: [[value]] })) },
    });
    result.edits = edits.map(({ index, value }) => ({ id: ids[index]!, value }));
    const sheetId = (await sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties.sheetId" })).data.sheets![0]!.properties!.sheetId!;
    await sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ insertDimension: { range: { sheetId, dimension: "ROWS", startIndex: 2, endIndex: 3 }, inheritFromBefore: true } }] } });
    const line: CellValue[] = [];
    line[nameColumn] = STAFF_ROW_NAME;
    await sheets.spreadsheets.values.update({ spreadsheetId, range: `${quoteTab(TAB)}!A3`, valueInputOption: "RAW", requestBody: { values: [line.map((cell) => cell ?? null)] } });
  });
  return { done: () => result, off };
}

/** Counts what the sync lost: staff edits, staff formulas, records' own rows and staff's new row. */
async function losses(db: Firestore, sheets: sheets_v4.Sheets, spreadsheetId: string, window: WindowEdits, formulasBefore: number): Promise<Losses> {
  const values = await readTab(sheets, spreadsheetId);
  const formulas = await readTab(sheets, spreadsheetId, "FORMULA");
  const snapshot = await db.collection(COLLECTIONS.innovations).get();
  const records = new Map(snapshot.docs.map((doc) => [doc.id, doc.data()]));
  const rowOf = new Map<string, CellValue[]>();
  for (const cells of values.slice(1)) {
    const id = String(cells[LAYOUT.idColumn] ?? "");
    if (id !== "" && !rowOf.has(id)) rowOf.set(id, cells);
  }
  const benefits = fieldColumn("benefits");
  const name = fieldColumn("name");
  const staffEdits = window.edits.filter(({ id, value }) => rowOf.get(id)?.[benefits] !== value && records.get(id)?.benefits !== value).length;
  const formulasAfter = formulas.slice(1).filter((cells) => String(cells[STAFF_COLUMN_INDEX] ?? "").startsWith("=")).length;
  // A record keeps its row when a row shows its ID and its name (not a neighbour's values under its ID).
  const ownRows = new Set(values.slice(1).filter((cells) => records.get(String(cells[LAYOUT.idColumn] ?? ""))?.name === cells[name]).map((cells) => String(cells[LAYOUT.idColumn])));
  const recordsWithoutRow = [...records.keys()].filter((id) => !ownRows.has(id)).length;
  const staffRowKept = values.some((cells) => cells[name] === STAFF_ROW_NAME) || [...records.values()].some((record) => record.name === STAFF_ROW_NAME);
  return { staffEdits, formulas: Math.max(0, formulasBefore - formulasAfter), records: recordsWithoutRow + (staffRowKept ? 0 : 1) };
}

async function countFormulas(sheets: sheets_v4.Sheets, spreadsheetId: string): Promise<number> {
  return (await readTab(sheets, spreadsheetId, "FORMULA")).slice(1).filter((cells) => String(cells[STAFF_COLUMN_INDEX] ?? "").startsWith("=")).length;
}

/**
 * The naive syncs: read the tab and every record, compare row by row; the record wins where it
 * changed since the last run, else the sheet's Urusan goes to the record. "perRow" writes one
 * values.update per changed row (as common Sheets wrapper libraries and the Firebase "sync to
 * Google Sheets" extension do); "rewrite" batches: one values.update of the whole tab as read,
 * with the changed rows replaced.
 */
async function naiveSync(db: Firestore, sheets: sheets_v4.Sheets, spreadsheetId: string, lastRunAt: string, variant: "perRow" | "rewrite"): Promise<{ reads: number; writes: number; cpuMs: number }> {
  const read = await sheets.spreadsheets.values.get({ spreadsheetId, range: quoteTab(TAB), valueRenderOption: "UNFORMATTED_VALUE" });
  const snapshot = await db.collection(COLLECTIONS.innovations).get();
  const cpuBefore = process.cpuUsage();
  const byId = new Map(snapshot.docs.map((doc) => [doc.id, doc.data()]));
  const values = (read.data.values ?? []) as (string | number)[][];
  const toSheet: { row: number; values: (string | number)[] }[] = [];
  const toStore: { id: string; patch: Record<string, unknown> }[] = [];
  const urusan = fieldColumn("urusan");
  for (let index = 1; index < values.length; index++) {
    const row = values[index]!;
    const record = byId.get(String(row[LAYOUT.idColumn]));
    if (!record) continue;
    const expected = sheetRow(record, index + 1).slice(0, STAFF_COLUMN_INDEX);
    const differs = LAYOUT.fields.some(({ column }) => String(expected[column] ?? "") !== String(row[column] ?? ""));
    if (!differs) continue;
    if ((record.updatedAt as string) > lastRunAt) toSheet.push({ row: index + 1, values: expected });
    else toStore.push({ id: record.id as string, patch: { urusan: row[urusan] } });
  }
  const cpu = process.cpuUsage(cpuBefore);
  if (variant === "perRow") {
    for (const change of toSheet) {
      await sheets.spreadsheets.values.update({ spreadsheetId, range: `${quoteTab(TAB)}!A${change.row}`, valueInputOption: "RAW", requestBody: { values: [change.values] } });
    }
  } else {
    const whole = values.map((row) => [...row]);
    for (const change of toSheet) whole[change.row - 1] = [...change.values, ...whole[change.row - 1]!.slice(STAFF_COLUMN_INDEX)];
    await sheets.spreadsheets.values.update({ spreadsheetId, range: `${quoteTab(TAB)}!A1`, valueInputOption: "RAW", requestBody: { values: whole } });
  }
  for (const change of toStore) await db.collection(COLLECTIONS.innovations).doc(change.id).update(change.patch);
  return { reads: snapshot.size, writes: toStore.length, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** A sync process's figures, or why it failed ("out of memory" when V8 ran out of heap): the bench goes on either way. */
async function runOrFailure(job: Parameters<typeof runSyncProcess>[0], options: SyncProcessOptions): Promise<SyncProcessResult | string> {
  try {
    return await runSyncProcess(job, options);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return /heap|allocation|SIGABRT/i.test(text) ? "out of memory" : text.split("\n")[0]!;
  }
}

export async function benchSyncSize(emulator: SheetsEmulator, firestoreHost: string, rows: number, log: (line: string) => void = () => {}, options: SyncBenchOptions = {}): Promise<SyncBenchRow> {
  const t0 = performance.now();
  const step = (what: string) => log(`  ${rows}: ${what} (${Math.round((performance.now() - t0) / 1000)} s)`);
  const sheets = sheetsClient(emulator);
  const work = workload(rows, options.share ?? 0.02);
  const inWindow = windowWork(rows, work);
  const deployed = deployedSyncInstance();
  const limitedOptions: SyncProcessOptions = options.heapLimitMb ? { heapLimitMb: options.heapLimitMb } : { nodeOptions: deployed.nodeOptions };
  const limitedFlags = options.heapLimitMb ? `--max-old-space-size=${options.heapLimitMb}` : `deploy's NODE_OPTIONS=${deployed.nodeOptions} (${deployed.memory} instance)`;
  const processOptions: SyncProcessOptions = options.syncFlags === "none" ? {} : { nodeOptions: deployed.nodeOptions };
  const project = (what: string) => `demo-bench-${rows}-${what.toLowerCase()}-${Date.now() % 100_000}`;
  const job = (projectId: string, spreadsheetId: string, mode: "sync" | "bareRead" = "sync") => ({ mode, projectId, firestoreHost, sheetsUrl: emulator.url, spreadsheetId });
  const done = async (db: Firestore, projectId: string) => {
    await db.terminate();
    await clearFirestoreEmulator(firestoreHost, projectId);
    emulator.wipe();
  };

  // labinov: a bare read, the first run (no base state), then the measured reconcile.
  const ourProject = project("ours");
  const ourDb = firestore(ourProject);
  const ours = await seedWorld(ourDb, sheets, rows);
  const ids = ours.records.map((record) => record.id as string);
  step("seeded");
  // The yardstick is firebase-admin's own read of the whole collection, never limited: it holds
  // every document at once, which is what a sync must not do.
  const bare = await runSyncProcess(job(ourProject, ours.spreadsheetId, "bareRead"));
  emulator.reset();
  const first = await runSyncProcess(job(ourProject, ours.spreadsheetId), processOptions);
  const firstRun = {
    wallMs: first.wallMs,
    cpuMs: first.cpuMs,
    peakRssMb: first.peakRssMb,
    sheetsRequests: requestsSince(emulator),
    firestoreReads: first.report!.firestore.reads,
    firestoreWrites: first.report!.firestore.writes,
    bareReadMs: bare.wallMs,
    bareReadRssMb: bare.peakRssMb,
    ratio: round1(first.wallMs / Math.max(1, bare.wallMs)),
  };
  step("first run done");
  await applyWorkload(ourDb, sheets, ours.spreadsheetId, ours.records, work);
  let formulasBefore = await countFormulas(sheets, ours.spreadsheetId);
  let window = staffActInWindow(emulator, sheets, ours.spreadsheetId, inWindow, ids);
  emulator.reset();
  let ran: SyncProcessResult;
  try {
    ran = await runSyncProcess(job(ourProject, ours.spreadsheetId), { ...processOptions, cpuProfileDir: options.profileDir, heapProfileDir: options.profileDir });
  } finally {
    window.off();
  }
  // Staff's requests in the window are theirs, not the sync's.
  const staffRequests = 4;
  const labinovRequests = requestsSince(emulator) - staffRequests;
  const labinov: SyncBenchSide = {
    sheetsRequests: labinovRequests,
    firestoreReads: ran.report!.firestore.reads,
    firestoreWrites: ran.report!.firestore.writes,
    planCpuMs: ran.report!.planning.cpuMs,
    wallMs: ran.wallMs,
    peakRssMb: ran.peakRssMb,
    quotaMinutes: round1(labinovRequests / 60),
    lost: await losses(ourDb, sheets, ours.spreadsheetId, window.done(), formulasBefore),
  };
  step("labinov reconcile done");
  const steady = await runOrFailure(job(ourProject, ours.spreadsheetId), limitedOptions);
  const limited: SyncBenchRow["limited"] =
    typeof steady === "string"
      ? { flags: limitedFlags, ok: false, peakRssMb: null, wallMs: null, error: steady }
      : { flags: limitedFlags, ok: steady.report!.status === "done", peakRssMb: steady.peakRssMb, wallMs: steady.wallMs, error: steady.report!.status === "done" ? null : steady.report!.status };
  step("memory-limited run done");
  await done(ourDb, ourProject);

  // A tab with only its header: the run adds every row.
  const addProject = project("add");
  const addDb = firestore(addProject);
  const empty = await seedWorld(addDb, sheets, rows, false);
  emulator.reset();
  const added = await runOrFailure(job(addProject, empty.spreadsheetId), processOptions);
  const failed = typeof added === "string";
  const addRows = {
    rows,
    appended: failed ? null : added.report!.appended,
    wallMs: failed ? null : added.wallMs,
    cpuMs: failed ? null : added.cpuMs,
    planCpuMs: failed ? null : added.report!.planning.cpuMs,
    peakRssMb: failed ? null : added.peakRssMb,
    sheetsRequests: requestsSince(emulator),
    rowsInSheet: (await readTab(sheets, empty.spreadsheetId)).length - 1,
    error: failed ? added : null,
  };
  step("add-rows run done");
  await done(addDb, addProject);

  // The naive syncs, each on an identical copy.
  const naive = async (variant: "perRow" | "rewrite"): Promise<SyncBenchSide> => {
    const naiveProject = project(variant);
    const db = firestore(naiveProject);
    const copy = await seedWorld(db, sheets, rows);
    const lastRunAt = new Date().toISOString();
    await applyWorkload(db, sheets, copy.spreadsheetId, copy.records, work);
    formulasBefore = await countFormulas(sheets, copy.spreadsheetId);
    window = staffActInWindow(emulator, sheets, copy.spreadsheetId, inWindow, copy.records.map((record) => record.id as string));
    emulator.reset();
    const started = performance.now();
    let result: Awaited<ReturnType<typeof naiveSync>>;
    try {
      result = await naiveSync(db, sheets, copy.spreadsheetId, lastRunAt, variant);
    } finally {
      window.off();
    }
    const wallMs = Math.round(performance.now() - started);
    const requests = requestsSince(emulator) - staffRequests;
    const side: SyncBenchSide = {
      sheetsRequests: requests,
      firestoreReads: result.reads,
      firestoreWrites: result.writes,
      planCpuMs: result.cpuMs,
      wallMs,
      peakRssMb: null,
      quotaMinutes: round1(requests / 60),
      lost: await losses(db, sheets, copy.spreadsheetId, window.done(), formulasBefore),
    };
    step(`naive ${variant} done`);
    await done(db, naiveProject);
    return side;
  };
  const naivePerRow = await naive("perRow");
  const naiveRewrite = await naive("rewrite");

  return {
    rows,
    sheetEdits: work.sheetEdits.length,
    firestoreEdits: work.firestoreEdits.length,
    conflicts: work.conflicts.length,
    windowEdits: inWindow.length,
    limitedFlags,
    syncFlags: options.syncFlags === "none" ? "no NODE_OPTIONS" : `deploy's NODE_OPTIONS=${deployed.nodeOptions} (${deployed.memory} instance)`,
    labinov,
    naivePerRow,
    naiveRewrite,
    firstRun,
    limited,
    addRows,
  };
}

export function formatSyncBench(rows: SyncBenchRow[]): string {
  const lines = [
    "Sync reconcile: labinov vs two naive syncs (2% of rows edited in the sheet, 2% in Firestore, 5% of those on the same field;",
    "in each sync's window, after its read, staff edit 0.2% of rows (Manfaat) and type a new row at row 3)",
    "",
    "rows    | side         | Sheets req | quota min | FS reads | FS writes | plan CPU ms | peak RSS MB | wall ms | lost: edits | formulas | records",
    "--------|--------------|------------|-----------|----------|-----------|-------------|-------------|---------|-------------|----------|--------",
  ];
  const pad = (value: unknown, width: number) => String(value ?? "-").padStart(width);
  for (const row of rows) {
    for (const [name, side] of [["labinov", row.labinov], ["naive per-row", row.naivePerRow], ["naive rewrite", row.naiveRewrite]] as const) {
      lines.push(
        `${pad(row.rows, 7)} | ${name.padEnd(12)} | ${pad(side.sheetsRequests, 10)} | ${pad(side.quotaMinutes, 9)} | ${pad(side.firestoreReads, 8)} | ${pad(side.firestoreWrites, 9)} | ${pad(side.planCpuMs, 11)} | ${pad(side.peakRssMb, 11)} | ${pad(side.wallMs, 7)} | ${pad(side.lost.staffEdits, 11)} | ${pad(side.lost.formulas, 8)} | ${pad(side.lost.records, 7)}`,
      );
    }
  }
  lines.push(
    "",
    `labinov's runs (this table, the first run and adding every row) had ${rows[0]?.syncFlags ?? "-"}.`,
    "Sheets requests: the emulator's own counters (staff's requests in the window left out). Firestore reads/writes: labinov's as",
    "counted by the run (its writes include one audit entry per record write and the base-state documents); the naive syncs' as",
    "counted by the bench (one per document; no version, validation or audit). plan CPU: labinov's parse + merge + render in its",
    "own process; the naive syncs' row-by-row comparison. quota min = minutes at 60 requests/minute/user.",
    "",
    "First run with no base state (labinov, tab in sync) vs a bare read of the same documents, each in its own process:",
  );
  for (const row of rows) {
    const first = row.firstRun;
    lines.push(`  ${row.rows} rows: ${first.wallMs} ms (CPU ${first.cpuMs} ms, peak RSS ${first.peakRssMb} MB), bare read ${first.bareReadMs} ms (peak RSS ${first.bareReadRssMb} MB): ${first.ratio}x; ${first.sheetsRequests} Sheets requests, ${first.firestoreReads} Firestore reads, ${first.firestoreWrites} writes`);
  }
  lines.push("", "Memory-limited run (after the reconcile, nothing changed since; its own process with the flags deploy gives the syncing functions):");
  for (const row of rows) {
    const limited = row.limited;
    lines.push(`  ${row.rows} rows, ${limited.flags}: ${limited.ok ? `succeeded, peak RSS ${limited.peakRssMb} MB, ${limited.wallMs} ms` : `FAILED (${limited.error})`}`);
  }
  lines.push("", "A run that adds every row (a tab with only its header):");
  for (const row of rows) {
    const add = row.addRows;
    if (add.error) lines.push(`  ${add.rows} rows: FAILED (${add.error}), ${add.rowsInSheet} rows in the sheet after; ${add.sheetsRequests} Sheets requests`);
    else lines.push(`  ${add.rows} rows: ${add.appended} appended, ${add.rowsInSheet} rows in the sheet after; ${add.wallMs} ms (CPU ${add.cpuMs} ms, plan ${add.planCpuMs} ms, peak RSS ${add.peakRssMb} MB); ${add.sheetsRequests} Sheets requests`);
  }
  return lines.join("\n");
}

/** The highest peak RSS of labinov's three runs (first run, reconcile, adding every row); null when one failed. */
function peakOfRuns(row: SyncBenchRow): number | null {
  const peaks = [row.firstRun.peakRssMb, row.labinov.peakRssMb, row.addRows.peakRssMb];
  return peaks.some((peak) => peak === null) ? null : Math.max(...(peaks as number[]));
}

function peakNote(row: SyncBenchRow): string {
  const add = row.addRows.error ? `adding every row FAILED (${row.addRows.error})` : `adding every row ${row.addRows.peakRssMb}`;
  return `highest of: first run ${row.firstRun.peakRssMb}, reconcile ${row.labinov.peakRssMb}, ${add}; ${row.syncFlags}`;
}

/** The sync rows of issue 12's table (bench/figures.ts), from the 10,000- and 50,000-row runs when measured. */
export function syncFigures(rows: SyncBenchRow[]): Figure[] {
  const goal = (id: string) => ISSUE_FIGURES.find((row) => row.id === id)!;
  const at = (size: number) => rows.find((row) => row.rows === size);
  const issueFigure = (id: string, value: number | null, note?: string) => {
    const row = goal(id);
    return figure(id, row.label, value, row.unit, row.goal, note);
  };
  const figures: Figure[] = [];
  const tenThousand = at(10_000);
  if (tenThousand) figures.push(issueFigure("plan-cpu-10k", tenThousand.labinov.planCpuMs));
  const fiftyThousand = at(50_000);
  if (fiftyThousand) {
    figures.push(
      issueFigure("plan-cpu-50k", fiftyThousand.labinov.planCpuMs),
      issueFigure("sync-peak-rss-50k", peakOfRuns(fiftyThousand), peakNote(fiftyThousand)),
      issueFigure("first-run-50k-vs-read", fiftyThousand.firstRun.ratio, "Firestore reads counted"),
    );
  }
  for (const row of rows) {
    const cheapest = Math.min(row.naivePerRow.sheetsRequests, row.naiveRewrite.sheetsRequests);
    const lost = row.labinov.lost.staffEdits + row.labinov.lost.formulas + row.labinov.lost.records;
    figures.push(
      figure(`sync-requests-vs-cheapest-naive-${row.rows}`, `Sheets requests, labinov − cheapest naive sync, ${row.rows} rows`, row.labinov.sheetsRequests - cheapest, "", { max: 0 }, "emulator's counters"),
      figure(`sync-lost-${row.rows}`, `staff edits, formulas and records lost by labinov, ${row.rows} rows`, lost, "", { max: 0 }),
    );
  }
  return figures;
}
