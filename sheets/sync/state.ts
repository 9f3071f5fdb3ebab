// What the sync keeps in Firestore between runs: per spreadsheet a run document (the lease that
// lets one run at a time, and the start of the last completed run), and per target the base state
// (field fingerprints per record at the last successful sync) in buckets of ~1,000 records.
import type { Firestore } from "firebase-admin/firestore";
import { textHash } from "./hash.js";
import type { BaseRow, BaseState } from "./rows.js";

export const SYNC_RUNS = "sheetSyncRuns";
export const SYNC_BASE = "sheetSyncBase";
/** ~500 KB of fingerprints per document, well under Firestore's 1 MiB limit. */
const RECORDS_PER_BUCKET = 1000;

export interface RunState {
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastStartedAt: string | null;
  /** Start time of the last run that completed: every change made before it is covered. */
  coveredUntil: string | null;
}

const EMPTY_RUN: RunState = { leaseOwner: null, leaseUntil: null, lastStartedAt: null, coveredUntil: null };

export async function readRunState(db: Firestore, spreadsheetId: string): Promise<RunState> {
  const snapshot = await db.collection(SYNC_RUNS).doc(spreadsheetId).get();
  return { ...EMPTY_RUN, ...(snapshot.data() as Partial<RunState> | undefined) };
}

/**
 * Takes the lease unless another live run holds it ("busy"), or, with `unlessCoveredAfter`,
 * unless a completed run already started after that instant ("covered").
 */
export async function acquireLease(
  db: Firestore,
  spreadsheetId: string,
  owner: string,
  now: Date,
  leaseMs: number,
  unlessCoveredAfter?: string,
): Promise<"acquired" | "busy" | "covered"> {
  const ref = db.collection(SYNC_RUNS).doc(spreadsheetId);
  return db.runTransaction(async (transaction) => {
    const state = { ...EMPTY_RUN, ...((await transaction.get(ref)).data() as Partial<RunState> | undefined) };
    if (state.leaseOwner && state.leaseOwner !== owner && state.leaseUntil && state.leaseUntil > now.toISOString()) return "busy";
    if (unlessCoveredAfter && state.coveredUntil && state.coveredUntil > unlessCoveredAfter) return "covered";
    transaction.set(
      ref,
      { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), lastStartedAt: now.toISOString() },
      { merge: true },
    );
    return "acquired";
  });
}

/** Gives the lease back; a completed run also records that changes before its start are covered. */
export async function releaseLease(db: Firestore, spreadsheetId: string, owner: string, completedRunStartedAt: string | null): Promise<void> {
  const ref = db.collection(SYNC_RUNS).doc(spreadsheetId);
  await db.runTransaction(async (transaction) => {
    const state = { ...EMPTY_RUN, ...((await transaction.get(ref)).data() as Partial<RunState> | undefined) };
    const update: Partial<RunState> = {};
    if (state.leaseOwner === owner) {
      update.leaseOwner = null;
      update.leaseUntil = null;
    }
    if (completedRunStartedAt && (!state.coveredUntil || state.coveredUntil < completedRunStartedAt)) {
      update.coveredUntil = completedRunStartedAt;
    }
    if (Object.keys(update).length > 0) transaction.set(ref, update, { merge: true });
  });
}

export interface TargetState {
  /** Start time of the last run that completed this target; records changed after it are read. */
  cursor: string | null;
  bucketCount: number;
  base: BaseState;
  /** Serialized buckets as read, to write back only the ones that changed. */
  stored: Map<number, string>;
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
  const base: BaseState = new Map();
  const stored = new Map<number, string>();
  if (meta.exists) {
    const refs = Array.from({ length: bucketCount }, (_, bucket) => collection.doc(bucketId(targetId, bucket)));
    const snapshots = await db.getAll(...refs);
    snapshots.forEach((snapshot, bucket) => {
      const rows = (snapshot.get("rows") as string | undefined) ?? "{}";
      stored.set(bucket, rows);
      for (const [id, row] of Object.entries(JSON.parse(rows) as Record<string, BaseRow>)) base.set(id, row);
    });
  }
  return { cursor, bucketCount, base, stored };
}

function bucketCountFor(size: number, current: number): number {
  let count = current;
  while (size > count * RECORDS_PER_BUCKET) count *= 2;
  return count;
}

/** Each bucket of a base state as stored (serialized), by bucket number. */
export function storedBuckets(base: BaseState, currentCount: number): Map<number, string> {
  const bucketCount = bucketCountFor(base.size, currentCount);
  const buckets = Array.from({ length: bucketCount }, () => [] as [string, BaseRow][]);
  for (const entry of [...base].sort(([a], [b]) => (a < b ? -1 : 1))) buckets[bucketOf(entry[0], bucketCount)]!.push(entry);
  return new Map(buckets.map((entries, bucket) => [bucket, JSON.stringify(Object.fromEntries(entries))]));
}

/** Firestore refuses (the emulator stalls on) write batches of many megabytes: commit in slices. */
const BATCH_BYTES = 3_000_000;

/**
 * Writes the buckets that changed, then the cursor. Buckets go in slices of a few megabytes;
 * a save cut short leaves some rows with their older base, which the next run simply finds
 * agreed again (both sides equal), and the old cursor, so changed records are read again.
 */
export async function saveTargetState(db: Firestore, targetId: string, previous: TargetState, base: BaseState, cursor: string | null): Promise<number> {
  const collection = db.collection(SYNC_BASE);
  const bucketCount = bucketCountFor(base.size, previous.bucketCount);
  let batch = db.batch();
  let bytes = 0;
  let writes = 0;
  for (const [bucket, rows] of storedBuckets(base, previous.bucketCount)) {
    if (bucketCount === previous.bucketCount && previous.stored.get(bucket) === rows) continue;
    if (bytes > 0 && bytes + rows.length > BATCH_BYTES) {
      await batch.commit();
      batch = db.batch();
      bytes = 0;
    }
    batch.set(collection.doc(bucketId(targetId, bucket)), { targetId, bucket, rows });
    bytes += rows.length;
    writes++;
  }
  batch.set(collection.doc(metaId(targetId)), { targetId, cursor, bucketCount });
  await batch.commit();
  return writes + 1;
}
