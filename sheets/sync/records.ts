// The Firestore side of a run: read the records a run needs, apply the planned writes through
// the record store (validation, version check, audit), and count reads and writes.
import type { Firestore } from "firebase-admin/firestore";
import { NotFoundError, ValidationError, VersionConflictError } from "../../src/store/errors.js";
import { stores } from "../../src/store/kinds.js";
import type { Unit } from "../../src/model/schemas.js";
import type { RecordStore, Actor, ManyWrite, WriteOptions } from "../../src/store/records.js";
import type { UnitNames } from "../layout/cells.js";
import { COLUMN_OF_STORE_FIELD, columnKeyOf, fieldsOf, type TargetKind } from "../layout/fields.js";
import { CELL_MESSAGES } from "../layout/labels.js";
import type { FieldProblem, PlannedCreate, PlannedUpdate, StoredRecord } from "./plan.js";
import type { RowOutcome } from "./render.js";

export interface FirestoreCounts {
  reads: number;
  writes: number;
}

type AnyStore = RecordStore<StoredRecord & { statusBeforeArchive: string | null }>;

export function recordStore(db: Firestore, kind: TargetKind): AnyStore {
  const all = stores(db);
  return (kind === "innovations" ? all.innovations : kind === "programs" ? all.programs : all.iidEvidence) as unknown as AnyStore;
}

/**
 * What a run keeps of a record it reads: id, version, unit, status and the fields its tabs show
 * (each field reads `record[def.key]`, layout/fields.ts), all in one fixed shape per kind. A
 * record as Firestore's client hands it over (~35 fields added one by one) sits in V8 as a
 * dictionary, ~2 KB; the kept shape ~0.25 KB: at 50,000 records ~100 MB against ~13 MB.
 */
export type KeepRecord = (record: StoredRecord) => StoredRecord;

const shapes = new Map<TargetKind, KeepRecord>();

export function keptOfRecord(kind: TargetKind): KeepRecord {
  let keep = shapes.get(kind);
  if (!keep) {
    keep = keptFields(["id", "version", "unitId", "status", "statusBeforeArchive", ...fieldsOf(kind).map((def) => def.key)]);
    shapes.set(kind, keep);
  }
  return keep;
}

/**
 * A record kept as only some of its fields, in one compact shape: each is a copy of one template
 * object (JSON.parse builds it with every field in the object itself), whose fields are then set.
 * Fields added one by one under computed names, as a constructor looping over the names did,
 * turn V8 objects into dictionaries past 24 of them: measured at 50,000 records of 27 fields,
 * ~1.6 KB each instead of ~0.25 KB.
 */
export function keptFields<R extends object = StoredRecord>(fields: readonly string[]): (record: R) => R {
  const keys = [...new Set(fields)];
  const template = JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, null])))) as Record<string, unknown>;
  return (record) => {
    const kept = { ...template };
    for (const key of keys) kept[key] = (record as Record<string, unknown>)[key];
    return kept as R;
  };
}

const whole: KeepRecord = (record) => record;

/**
 * Committed since `after` (Firestore's clock, as the cursor is), or every record, streamed (never
 * one answer of the whole collection in memory). `marginMs` reaches back a little before it, a
 * cheap guard for what no clock explains.
 */
export async function changedRecords(store: AnyStore, after: string | null, counts: FirestoreCounts, marginMs: number, keep = whole): Promise<StoredRecord[]> {
  if (after === null) {
    const records: StoredRecord[] = [];
    counts.reads += Math.max(1, await store.each((record) => records.push(keep(record))));
    return records;
  }
  const records = (await store.listCommittedAfter(new Date(Date.parse(after) - marginMs).toISOString())).map(keep);
  counts.reads += Math.max(1, records.length);
  return records;
}

export async function fetchRecords(store: AnyStore, ids: string[], counts: FirestoreCounts, keep = whole): Promise<Map<string, StoredRecord>> {
  if (ids.length === 0) return new Map();
  const found = new Map<string, StoredRecord>();
  for (let start = 0; start < ids.length; start += 500) {
    const part = await store.getMany(ids.slice(start, start + 500));
    for (const [id, record] of part) found.set(id, keep(record));
  }
  counts.reads += ids.length;
  return found;
}

/** Id <-> name of named records; a name two records share finds neither (the cell says it is unknown). */
function nameLookup(records: { id: string; name: string }[]): { nameOf(id: string): string | undefined; idOf(text: string): string | undefined } {
  const byId = new Map(records.map((record) => [record.id, record.name]));
  const byText = new Map<string, string | null>();
  for (const record of records) {
    byText.set(record.id.toLowerCase(), record.id);
    const name = record.name.trim().toLowerCase();
    byText.set(name, byText.has(name) && byText.get(name) !== record.id ? null : record.id);
  }
  return { nameOf: (id) => byId.get(id), idOf: (text) => byText.get(text.trim().toLowerCase()) ?? undefined };
}

/** The names a run reads cells by; the live innovations kept so each tab finds only its units' own. */
export type RunNames = UnitNames & { innovationRecords?: { id: string; name: string; unitId: string }[]; unitRecords?: Unit[] };

/** Unit names, and innovation names when a tab of the run has an innovation column (one more query). */
export async function unitNames(db: Firestore, counts: FirestoreCounts, withInnovations = false): Promise<RunNames> {
  const all = stores(db);
  const [units, innovations] = await Promise.all([all.units.list(), withInnovations ? all.innovations.list() : Promise.resolve(null)]);
  counts.reads += Math.max(1, units.length) + (innovations ? Math.max(1, innovations.length) : 0);
  const live = innovations?.filter((innovation) => innovation.status !== "diarsipkan");
  return { ...nameLookup(units), unitRecords: units, ...(live ? { innovations: nameLookup(live), innovationRecords: live } : {}) };
}

/** The names as one tab reads them: an innovation typed there must be one of the tab's units' own. */
export function namesForTab(names: RunNames, units: "all" | string[]): UnitNames {
  if (!names.innovationRecords || units === "all") return names;
  return { ...names, innovations: nameLookup(names.innovationRecords.filter((innovation) => units.includes(innovation.unitId))) };
}

/** gRPC INVALID_ARGUMENT: Firestore refuses a value (e.g. text with a lone UTF-16 surrogate). */
function refusedByFirestore(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 3;
}

/** A value Firestore itself refused: a problem of that row only, so every other row still syncs. */
function refusedProblem(kind: TargetKind, fields: string[]): FieldProblem[] {
  const defs = fieldsOf(kind);
  const key = fields.find((field) => defs.some((def) => def.key === field)) ?? "name";
  return [{ field: key, column: defs.find((def) => def.key === key)?.header ?? key, message: CELL_MESSAGES.refusedByStore }];
}

/** Store field names -> sheet column, for messages from the store's own validation. */
function problemsFrom(kind: TargetKind, error: ValidationError): FieldProblem[] {
  const defs = fieldsOf(kind);
  return error.problems.map((problem) => {
    const key = columnKeyOf(problem.field);
    return { field: key, column: defs.find((def) => def.key === key)?.header ?? key, message: problem.message };
  });
}

function withoutFields(patch: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([key]) => !fields.has(key) && !fields.has(COLUMN_OF_STORE_FIELD[key] ?? "")));
}

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

/**
 * Records written per transaction (two documents each, of the 500 a commit takes). Each
 * transaction is two calls whatever its size, and each call leaves tens of KB of gRPC objects
 * for the garbage collector: one transaction per record grew a 50,000-row run's heap by ~50 MB
 * over its 1,000 record writes, and took longer.
 */
const WRITES_PER_TRANSACTION = 25;

/** Writes in transactions of up to WRITES_PER_TRANSACTION, a record at most once in each. */
function transactions(writes: ManyWrite[]): ManyWrite[][] {
  const groups: ManyWrite[][] = [];
  let group: ManyWrite[] = [];
  let ids = new Set<string>();
  for (const write of writes) {
    if (group.length === WRITES_PER_TRANSACTION || ids.has(write.id)) {
      groups.push(group);
      group = [];
      ids = new Set();
    }
    group.push(write);
    ids.add(write.id);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

type Written = Awaited<ReturnType<AnyStore["writeMany"]>>[number];

/** One transaction's writes; when Firestore refuses a value (the commit fails whole), each record again on its own, so that only its row is told. */
async function writeGroup(store: AnyStore, group: ManyWrite[], actor: Actor, counts: FirestoreCounts, now: () => Date, guard?: WriteOptions["guard"]): Promise<(Written | Error)[]> {
  counts.reads += group.length;
  try {
    return await store.writeMany(group, actor, { now: now(), guard });
  } catch (error) {
    if (!refusedByFirestore(error)) throw error;
    if (group.length === 1) return [error as Error];
    const results: (Written | Error)[] = [];
    for (const write of group) results.push(...(await writeGroup(store, [write], actor, counts, now, guard)));
    return results;
  }
}

/** Every write, several records per transaction, `concurrency` transactions at a time; results in the writes' order. */
async function writeAll(store: AnyStore, writes: ManyWrite[], actor: Actor, counts: FirestoreCounts, concurrency: number, now: () => Date, guard?: WriteOptions["guard"]): Promise<(Written | Error)[]> {
  const groups = transactions(writes);
  const answers: (Written | Error)[][] = new Array(groups.length);
  await inBatches(
    groups.map((group, index) => ({ group, index })),
    concurrency,
    async ({ group, index }) => {
      answers[index] = await writeGroup(store, group, actor, counts, now, guard);
    },
  );
  return answers.flat();
}

export interface WriteResults {
  outcomes: Map<number, RowOutcome>;
  written: Map<string, StoredRecord>;
}

function outcome(results: WriteResults, rowNumber: number): RowOutcome {
  let found = results.outcomes.get(rowNumber);
  if (!found) {
    found = { problems: [], conflicts: [], created: false, retry: false };
    results.outcomes.set(rowNumber, found);
  }
  return found;
}

/** Applies creates and updates; a refused field is reported on its row and the rest of the row still applied. */
export async function applyWrites(
  store: AnyStore,
  kind: TargetKind,
  actor: Actor,
  writes: { creates: PlannedCreate[]; updates: PlannedUpdate[]; archives: string[] },
  counts: FirestoreCounts,
  concurrency: number,
  now: () => Date,
  guard?: WriteOptions["guard"],
): Promise<WriteResults> {
  const results: WriteResults = { outcomes: new Map(), written: new Map() };
  const created = await writeAll(store, writes.creates.map((create) => ({ action: "create", id: create.id, fields: create.fields })), actor, counts, concurrency, now, guard);
  writes.creates.forEach((create, index) => {
    const result = created[index]!;
    if (refusedByFirestore(result)) outcome(results, create.rowNumber).problems.push(...refusedProblem(kind, Object.keys(create.fields)));
    else if (result instanceof ValidationError) outcome(results, create.rowNumber).problems.push(...problemsFrom(kind, result));
    else if (result instanceof Error) throw result;
    else {
      if (result.written) counts.writes += 2;
      results.written.set(create.id, result.record);
      outcome(results, create.rowNumber).created = result.written;
    }
  });
  let pending = writes.updates.map((update) => ({ update, patch: update.patch, row: outcome(results, update.rowNumber) }));
  for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
    const updated = await writeAll(store, pending.map(({ update, patch }) => ({ action: "update", id: update.id, patch, expectedVersion: update.expectedVersion, note: conflictNote(update) })), actor, counts, concurrency, now, guard);
    const again: typeof pending = [];
    pending.forEach(({ update, patch, row }, index) => {
      const result = updated[index]!;
      if (result instanceof VersionConflictError || result instanceof NotFoundError) row.retry = true; // someone changed the record since we read it: merge again next run
      else if (refusedByFirestore(result)) row.problems.push(...refusedProblem(kind, Object.keys(patch)));
      else if (result instanceof ValidationError) {
        const problems = problemsFrom(kind, result);
        row.problems.push(...problems);
        const rest = withoutFields(patch, new Set(problems.map((problem) => problem.field)));
        if (Object.keys(rest).length > 0) again.push({ update, patch: rest, row });
      } else if (result instanceof Error) throw result;
      else {
        if (result.written) counts.writes += 2;
        results.written.set(update.id, result.record);
        row.conflicts = update.conflicts.filter((conflict) => !row.problems.some((problem) => problem.field === conflict.field));
      }
    });
    pending = again;
  }
  const archived = await writeAll(store, writes.archives.map((id) => ({ action: "archive", id, note: "Baris dihapus dari spreadsheet" })), actor, counts, concurrency, now, guard);
  writes.archives.forEach((id, index) => {
    const result = archived[index]!;
    if (result instanceof NotFoundError) return;
    if (result instanceof Error) throw result;
    if (result.written) counts.writes += 2;
    results.written.set(id, result.record);
  });
  return results;
}

/** The audit note of an update that won a conflict: the record's value that lost. */
function conflictNote(update: PlannedUpdate): string | undefined {
  return update.conflicts.length
    ? `Bentrok sinkron sheet: nilai sheet dipakai untuk ${update.conflicts.map((conflict) => `${conflict.column} (nilai sistem yang kalah: ${JSON.stringify(conflict.lost)})`).join("; ")}`
    : undefined;
}
