// What the sync keeps in Firestore between runs: per spreadsheet a run document (the lease that
// lets one run at a time, and the start of the last completed run), and per target the base state
// (field fingerprints per record at the last successful sync) in buckets of ~1,000 records.
import { FieldValue, type DocumentReference, type DocumentSnapshot, type Firestore, type Timestamp } from "firebase-admin/firestore";
import { textHash } from "./hash.js";
import { BucketWriter, readBucket } from "./bucketText.js";
import { ALREADY_EXISTS, FAILED_PRECONDITION, hasGrpcCode } from "../../src/store/errors.js";
import { BaseState, sameBaseRow } from "./base.js";

export const SYNC_RUNS = "sheetSyncRuns";
export const SYNC_BASE = "sheetSyncBase";
/** ~500 KB of fingerprints per document, well under Firestore's 1 MiB limit. */
const RECORDS_PER_BUCKET = 1000;
const BUCKETS_PER_READ = 8;

export interface RunState {
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastStartedAt: string | null;
  /** Start of the last run that completed, in Firestore's commit time: every change committed before it is covered. */
  coveredUntil: string | null;
  /** Fencing token: grows with every lease taken, so a run that lost its lease can be refused where it writes. */
  fence: number;
  /** Writes each run (by fence) sent and has not yet checked (see WriteIntent). */
  writeIntents?: Record<string, NotedIntent>;
  /** Rows of the spreadsheet's tabs when its last run completed: the memory its next run takes (memoryShare.ts). */
  rows?: number;
}

const EMPTY_RUN: RunState = { leaseOwner: null, leaseUntil: null, lastStartedAt: null, coveredUntil: null, fence: 0 };

/** Raised where a run writes after another run took its lease over: it must stop at once. */
export class LeaseLostError extends Error {
  constructor(spreadsheetId: string) {
    super(`The sync lease of spreadsheet ${spreadsheetId} was taken over by another run`);
    this.name = "LeaseLostError";
  }
}

/** What a run holds while it runs: who, which fence, and when (Firestore's clock) it started. */
export interface Lease {
  spreadsheetId: string;
  owner: string;
  fence: number;
  /** Commit time of the lease: records committed before it are read by this run. */
  startedAt: string;
  /** Writes an earlier run noted and could not check (it stopped or lost its lease). */
  unverified: WriteIntent[];
}

export async function readRunState(db: Firestore, spreadsheetId: string): Promise<RunState> {
  return (await readRunSnapshot(db, spreadsheetId)).state;
}

/** The run state as read, with the version acquireLease can write on without reading it again. */
export interface RunStateRead {
  state: RunState;
  /** The document's update time when read; null when it did not exist. */
  updateTime: Timestamp | null;
}

export async function readRunSnapshot(db: Firestore, spreadsheetId: string): Promise<RunStateRead> {
  const snapshot = await db.collection(SYNC_RUNS).doc(spreadsheetId).get();
  return { state: { ...EMPTY_RUN, ...(snapshot.data() as Partial<RunState> | undefined) }, updateTime: snapshot.exists ? (snapshot.updateTime ?? null) : null };
}

/** Conditional writes of the lease that met a newer document (read again), as runTransaction retries. */
const LEASE_ATTEMPTS = 5;

/** The document changed since it was read: its update time no longer matches, or it was created meanwhile. */
function changedSinceRead(error: unknown): boolean {
  return hasGrpcCode(error, FAILED_PRECONDITION, ALREADY_EXISTS);
}

/**
 * Takes the lease unless another live run holds it ("busy"), or, with `unlessCoveredAfter`,
 * unless a completed run already started after that instant ("covered"). One read and one
 * conditional write, no transaction: the write lands only on the document as read (its update
 * time as precondition, or create when there was none), so two runs can never both take it; a
 * write that meets a newer document reads again. `known`, the state a caller has just read,
 * saves the read. The write's commit time is the run's start on Firestore's clock.
 */
export async function acquireLease(
  db: Firestore,
  spreadsheetId: string,
  owner: string,
  now: Date,
  leaseMs: number,
  unlessCoveredAfter?: string,
  known?: RunStateRead,
): Promise<Lease | "busy" | "covered"> {
  const ref = db.collection(SYNC_RUNS).doc(spreadsheetId);
  let read = known ?? (await readRunSnapshot(db, spreadsheetId));
  for (let attempt = 1; ; attempt++) {
    const { state, updateTime } = read;
    if (state.leaseOwner && state.leaseOwner !== owner && state.leaseUntil && state.leaseUntil > now.toISOString()) return "busy";
    if (unlessCoveredAfter && state.coveredUntil && state.coveredUntil > unlessCoveredAfter) return "covered";
    const fence = state.fence + 1;
    const lease = {
      leaseOwner: owner,
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      lastStartedAt: now.toISOString(),
      fence,
      leaseCommittedAt: FieldValue.serverTimestamp(),
    };
    try {
      const written = updateTime ? await ref.update(lease, { lastUpdateTime: updateTime }) : await ref.create(lease);
      const unverified = Object.values(state.writeIntents ?? {}).flatMap((noted) => JSON.parse(noted.items) as WriteIntent[]);
      return { spreadsheetId, owner, fence, startedAt: written.writeTime.toDate().toISOString(), unverified };
    } catch (error) {
      if (attempt >= LEASE_ATTEMPTS || !changedSinceRead(error)) throw error;
      read = await readRunSnapshot(db, spreadsheetId);
    }
  }
}

/** The check a record write makes in its own transaction (read with the record) that the run still holds its lease (fencing). */
export function leaseGuard(db: Firestore, lease: Lease): { ref: DocumentReference; check: (snapshot: DocumentSnapshot) => void } {
  return {
    ref: db.collection(SYNC_RUNS).doc(lease.spreadsheetId),
    check: (snapshot) => {
      if (snapshot.get("fence") !== lease.fence || snapshot.get("leaseOwner") !== lease.owner) throw new LeaseLostError(lease.spreadsheetId);
    },
  };
}

/** Before a sheet write: refuses if another run took the lease, else extends it so the write falls well inside it. */
export async function renewLease(db: Firestore, lease: Lease, now: Date, leaseMs: number, intent?: WriteIntent[]): Promise<void> {
  const ref = db.collection(SYNC_RUNS).doc(lease.spreadsheetId);
  await db.runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    // Past its time but not taken over (same fence): nobody else wrote, so the run may go on.
    if (snapshot.get("fence") !== lease.fence || snapshot.get("leaseOwner") !== lease.owner) throw new LeaseLostError(lease.spreadsheetId);
    const update: Record<string, unknown> = { leaseUntil: new Date(now.getTime() + leaseMs).toISOString() };
    // Per run (fence): a run that takes over must not erase what a slowed run noted, whose
    // request may still land after the takeover.
    const items = intent ? intentText(intent) : null;
    if (items) update[`writeIntents.${lease.fence}`] = { at: now.toISOString(), items };
    transaction.update(ref, update);
  });
}

/**
 * A cell write about to be sent, noted in the lease document in the same transaction that
 * renews the lease (no extra round trip): should the run stop before it could check where the
 * write landed (a crash, a lost lease), the next run finds it and repairs a value that landed on
 * another record's row. Field writes only; a new row's ID is found again by the plan's ID rules.
 */
export interface WriteIntent {
  tab: string;
  row: number;
  field: string;
  value: string | number;
  /** The record whose row it was meant for. */
  id: string;
}

/** A noted run's writes, as kept in the lease document under its fence. */
interface NotedIntent {
  at: string;
  items: string;
}

/** How long a run's noted writes are kept after it stopped: longer than any request of it can take to land. */
const INTENT_KEPT_MS = 15 * 60_000;

/** Firestore keeps up to 1 MiB a document: a larger intent is not noted (the repair then relies on the next run's merge). */
const INTENT_MAX_BYTES = 600_000;

function intentText(intent: WriteIntent[]): string | null {
  if (intent.length === 0) return null;
  const text = JSON.stringify(intent);
  return text.length > INTENT_MAX_BYTES ? null : text;
}


/** Gives the lease back; a completed run also records that changes before its start are covered. */
export async function releaseLease(db: Firestore, lease: Lease, completedRunStartedAt: string | null, rows?: number): Promise<void> {
  const ref = db.collection(SYNC_RUNS).doc(lease.spreadsheetId);
  await db.runTransaction(async (transaction) => {
    const state = { ...EMPTY_RUN, ...((await transaction.get(ref)).data() as Partial<RunState> | undefined) };
    // A run that lost its lease covers nothing: another run took over and decides.
    if (state.fence !== lease.fence) return;
    // A completed run checked every write it noted. Notes of other runs are kept until no request
    // of theirs can still land (INTENT_KEPT_MS), so each later run checks them too.
    const update: Record<string, unknown> = {};
    const noted = state.writeIntents ?? {};
    for (const [fence, note] of Object.entries(noted)) {
      const stale = Date.parse(note.at) < Date.parse(lease.startedAt) - INTENT_KEPT_MS;
      if ((completedRunStartedAt && Number(fence) === lease.fence) || stale) update[`writeIntents.${fence}`] = FieldValue.delete();
    }
    if (state.leaseOwner === lease.owner) {
      update.leaseOwner = null;
      update.leaseUntil = null;
    }
    if (completedRunStartedAt && (!state.coveredUntil || state.coveredUntil < completedRunStartedAt)) {
      update.coveredUntil = completedRunStartedAt;
    }
    if (completedRunStartedAt && rows !== undefined && rows !== state.rows) update.rows = rows;
    if (Object.keys(update).length > 0) transaction.update(ref, update);
  });
}

export interface TargetState {
  /** Start time of the last run that completed this target; records changed after it are read. */
  cursor: string | null;
  bucketCount: number;
  base: BaseState;
  /** Fingerprint of each bucket's text as stored, to write back only the ones that changed (not the text: megabytes at 50,000 rows). */
  stored: Map<number, number>;
}

function bucketOf(id: string, bucketCount: number): number {
  return textHash(id) % bucketCount;
}

const metaId = (targetId: string) => `${targetId}__meta`;
const bucketId = (targetId: string, bucket: number) => `${targetId}__b${bucket}`;

export async function loadTargetState(db: Firestore, targetId: string): Promise<TargetState> {
  const collection = db.collection(SYNC_BASE);
  const meta = await collection.doc(metaId(targetId)).get();
  const cursor = (meta.get("cursor") as string | undefined) ?? null;
  const bucketCount = (meta.get("bucketCount") as number | undefined) ?? 1;
  const base = new BaseState();
  const stored = new Map<number, number>();
  if (meta.exists) {
    // A few buckets per read: the texts of a few buckets are held at once, never the whole state's.
    for (let first = 0; first < bucketCount; first += BUCKETS_PER_READ) {
      const refs = Array.from({ length: Math.min(BUCKETS_PER_READ, bucketCount - first) }, (_, index) => collection.doc(bucketId(targetId, first + index)));
      const snapshots = await db.getAll(...refs);
      snapshots.forEach((snapshot, index) => {
        const rows = (snapshot.get("rows") as string | undefined) ?? "{}";
        stored.set(first + index, textHash(rows));
        readBucket(rows, base);
      });
    }
  }
  base.trim();
  return { cursor, bucketCount, base, stored };
}

function bucketCountFor(size: number, current: number): number {
  let count = current;
  while (size > count * RECORDS_PER_BUCKET) count *= 2;
  return count;
}

/**
 * Buckets that may differ from the stored state: those holding a row that is new, gone or set
 * again since the base was copied from the stored one (else any row that differs from it), or
 * all of them when the bucket count grows.
 */
function touchedBuckets(previous: TargetState, base: BaseState, bucketCount: number): Set<number> {
  const touched = new Set<number>();
  if (bucketCount !== previous.bucketCount) {
    for (let bucket = 0; bucket < bucketCount; bucket++) touched.add(bucket);
    return touched;
  }
  if (base === previous.base) return touched;
  const changed = base.changedSince(previous.base);
  if (changed) {
    for (const id of changed) touched.add(bucketOf(id, bucketCount));
    return touched;
  }
  for (const [id, row] of base) if (!sameBaseRow(previous.base.get(id), row)) touched.add(bucketOf(id, bucketCount));
  for (const id of previous.base.keys()) if (!base.has(id)) touched.add(bucketOf(id, bucketCount));
  return touched;
}


/**
 * The given buckets of a base state (rows sorted by id within each), one at a time, each as its
 * text's fingerprint and a writer that makes the text: the texts of a 50,000-row state (tens of
 * megabytes) are never all held at once, and a bucket found unchanged is never made a string.
 */
function* storedBuckets(base: BaseState, bucketCount: number, only?: Set<number>): Generator<[number, number, BucketWriter]> {
  const buckets = new Map<number, string[]>();
  const writer = new BucketWriter();
  for (const bucket of only ?? Array.from({ length: bucketCount }, (_, index) => index)) buckets.set(bucket, []);
  for (const id of base.keys()) buckets.get(bucketOf(id, bucketCount))?.push(id);
  for (const [bucket, ids] of buckets) {
    buckets.delete(bucket);
    writer.begin();
    for (const id of ids.sort((a, b) => (a < b ? -1 : 1))) writer.row(id, base, base.slotOf(id)!);
    yield [bucket, writer.end(), writer];
  }
}

/** Firestore refuses (the emulator stalls on) write batches of many megabytes: commit in slices. */
const BATCH_BYTES = 3_000_000;

/**
 * Writes the buckets that changed, then the cursor. Buckets go in slices of a few megabytes;
 * a save cut short leaves some rows with their older base, which the next run simply finds
 * agreed again (both sides equal), and the old cursor, so changed records are read again.
 * Answers the writes made and the state as it is stored now.
 */
export async function saveTargetState(db: Firestore, targetId: string, previous: TargetState, base: BaseState, cursor: string | null): Promise<{ writes: number; state: TargetState }> {
  const collection = db.collection(SYNC_BASE);
  const bucketCount = bucketCountFor(base.size, previous.bucketCount);
  const stored = bucketCount === previous.bucketCount ? new Map(previous.stored) : new Map<number, number>();
  let batch = db.batch();
  let bytes = 0;
  let writes = 0;
  for (const [bucket, fingerprint, writer] of storedBuckets(base, bucketCount, touchedBuckets(previous, base, bucketCount))) {
    if (stored.get(bucket) === fingerprint) continue;
    const rows = writer.toString();
    if (bytes > 0 && bytes + rows.length > BATCH_BYTES) {
      await batch.commit();
      batch = db.batch();
      bytes = 0;
    }
    batch.set(collection.doc(bucketId(targetId, bucket)), { targetId, bucket, rows });
    stored.set(bucket, fingerprint);
    bytes += rows.length;
    writes++;
  }
  batch.set(collection.doc(metaId(targetId)), { targetId, cursor, bucketCount });
  await batch.commit();
  return { writes: writes + 1, state: { cursor, bucketCount, base, stored } };
}
