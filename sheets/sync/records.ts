// The Firestore side of a run: read the records a run needs, apply the planned writes through
// the record store (validation, version check, audit), and count reads and writes.
import type { Firestore } from "firebase-admin/firestore";
import { NotFoundError, ValidationError, VersionConflictError } from "../../src/store/errors.js";
import { stores } from "../../src/store/kinds.js";
import type { Unit } from "../../src/model/schemas.js";
import type { RecordStore, Actor, WriteOptions } from "../../src/store/records.js";
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
 * Committed since `after` (Firestore's clock, as the cursor is), or every record. `marginMs`
 * reaches back a little before it, a cheap guard for what no clock explains.
 */
export async function changedRecords(store: AnyStore, after: string | null, counts: FirestoreCounts, marginMs: number): Promise<StoredRecord[]> {
  if (after === null) {
    const records: StoredRecord[] = [];
    counts.reads += Math.max(1, await store.each((record) => records.push(record)));
    return records;
  }
  const records = await store.listCommittedAfter(new Date(Date.parse(after) - marginMs).toISOString());
  counts.reads += Math.max(1, records.length);
  return records;
}

export async function fetchRecords(store: AnyStore, ids: string[], counts: FirestoreCounts): Promise<Map<string, StoredRecord>> {
  if (ids.length === 0) return new Map();
  const found = new Map<string, StoredRecord>();
  for (let start = 0; start < ids.length; start += 500) {
    const part = await store.getMany(ids.slice(start, start + 500));
    for (const [id, record] of part) found.set(id, record);
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
  await inBatches(writes.creates, concurrency, async (create) => {
    counts.reads++;
    try {
      const result = await store.create(create.id, create.fields, actor, { now: now(), guard });
      if (result.created) counts.writes += 2;
      results.written.set(create.id, result.record);
      outcome(results, create.rowNumber).created = result.created;
    } catch (error) {
      if (refusedByFirestore(error)) outcome(results, create.rowNumber).problems.push(...refusedProblem(kind, Object.keys(create.fields)));
      else if (error instanceof ValidationError) outcome(results, create.rowNumber).problems.push(...problemsFrom(kind, error));
      else throw error;
    }
  });
  await inBatches(writes.updates, concurrency, async (update) => {
    let patch = update.patch;
    const row = outcome(results, update.rowNumber);
    for (let attempt = 0; attempt < 3 && Object.keys(patch).length > 0; attempt++) {
      counts.reads++;
      try {
        const note = update.conflicts.length
          ? `Bentrok sinkron sheet: nilai sheet dipakai untuk ${update.conflicts.map((conflict) => `${conflict.column} (nilai sistem yang kalah: ${JSON.stringify(conflict.lost)})`).join("; ")}`
          : undefined;
        const result = await store.update(update.id, patch, actor, { expectedVersion: update.expectedVersion, note, now: now(), guard });
        if (result.written) counts.writes += 2;
        results.written.set(update.id, result.record);
        row.conflicts = update.conflicts.filter((conflict) => !row.problems.some((problem) => problem.field === conflict.field));
        return;
      } catch (error) {
        if (error instanceof VersionConflictError || error instanceof NotFoundError) {
          row.retry = true; // someone changed the record since we read it: merge again next run
          return;
        }
        if (refusedByFirestore(error)) {
          row.problems.push(...refusedProblem(kind, Object.keys(patch)));
          return;
        }
        if (!(error instanceof ValidationError)) throw error;
        const problems = problemsFrom(kind, error);
        row.problems.push(...problems);
        patch = withoutFields(patch, new Set(problems.map((problem) => problem.field)));
      }
    }
  });
  await inBatches(writes.archives, concurrency, async (id) => {
    counts.reads++;
    try {
      const result = await store.archive(id, actor, { note: "Baris dihapus dari spreadsheet", now: now(), guard });
      if (result.written) counts.writes += 2;
      results.written.set(id, result.record);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  });
  return results;
}
