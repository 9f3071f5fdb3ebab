// Every write to a record goes through here: validated by its zod schema, version + 1,
// and an audit entry in the same Firestore transaction. A write that changes nothing
// writes nothing, so running a handler twice on the same input is harmless.
import { FieldValue, Timestamp, type DocumentData, type DocumentReference, type DocumentSnapshot, type Firestore, type QueryDocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import type { z } from "zod";
import type { AuditEntry, FieldChange } from "../model/schemas.js";
import type { Source } from "../model/vocabulary.js";
import { COLLECTIONS } from "./db.js";
import { changedFields } from "./diff.js";
import { ALREADY_EXISTS, hasGrpcCode, NotFoundError, ValidationError, VersionConflictError } from "./errors.js";

export interface Actor {
  by: string; // an email, "sheet:<spreadsheetId>", "form:<formId>", "seed", ...
  source: Source;
}

export interface WriteOptions {
  /** Refuse the write unless the record is still at this version (0: must not exist yet). */
  expectedVersion?: number;
  note?: string;
  now?: Date;
  /**
   * A document read in the write's transaction together with the record (one round trip) and
   * checked first; `check` may throw to refuse the write: a sync run checks there that it still
   * holds its lease (fencing), so a stale run can never write.
   */
  guard?: { ref: DocumentReference; check: (snapshot: DocumentSnapshot) => void };
  /**
   * Further writes made in the same transaction, only when the record is written: a form's
   * proposal and the emails it queues (mailOutbox) are stored together or not at all.
   */
  alongside?: (writes: DocumentWrites) => void;
  /**
   * A further document read together with the record (one round trip) and checked before
   * anything is computed; `check` may throw to end the write: formSubmitted's replay claim.
   */
  readAlong?: { ref: DocumentReference; check: (snapshot: DocumentSnapshot) => void };
}

/** What further writes need of a transaction or a batch (both stored in one commit with the record). */
export interface DocumentWrites {
  create(ref: DocumentReference, data: DocumentData): unknown;
  set(ref: DocumentReference, data: DocumentData): unknown;
}


export interface WriteResult<R> {
  record: R;
  changes: FieldChange[];
  /** False when the write would have changed nothing and so was not made. */
  written: boolean;
}

type Fields = Record<string, unknown>;
type Action = AuditEntry["action"];

/** One record's write in `writeMany`, as `create`, `update` and `archive` take it. */
export type ManyWrite =
  | { action: "create"; id: string; fields: Fields }
  | { action: "update"; id: string; patch: Fields; expectedVersion?: number; note?: string }
  | { action: "archive"; id: string; note?: string };

/** What refuses one record of `writeMany` without refusing the others. */
export type RecordWriteError = ValidationError | VersionConflictError | NotFoundError;

/** What differs between kinds of record: where they live, their schema, what is derived. */
export interface RecordKind<R extends { id: string; version: number }> {
  collection: string;
  schema: z.ZodType<R, unknown>;
  defaultStatus: string;
  /** Fills derived fields and enforces rules that span the old and new record; may throw ValidationError. */
  derive?(candidate: Fields, current: R | null, context: { now: Date; note?: string }): Fields;
}

function withoutUndefined(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Firestore's own commit time of a record's last write, set by the server in the write itself:
 * what sync cursors compare, so a writer whose clock is off can never hide a change.
 */
export const COMMITTED_AT = "committedAt";

/** A stored record as the code sees it: the commit time as ISO text, like every other date. */
function recordOf<R>(data: DocumentData | undefined): R {
  const committed = data?.[COMMITTED_AT] as unknown;
  return (committed instanceof Timestamp ? { ...data, [COMMITTED_AT]: committed.toDate().toISOString() } : data) as R;
}

export class RecordStore<R extends { id: string; version: number; status: string; statusBeforeArchive: string | null }> {
  constructor(
    readonly db: Firestore,
    readonly kind: RecordKind<R>,
  ) {}

  private ref(id: string) {
    return this.db.collection(this.kind.collection).doc(id);
  }

  async get(id: string): Promise<R | null> {
    const snapshot = await this.ref(id).get();
    return snapshot.exists ? recordOf<R>(snapshot.data()) : null;
  }

  async require(id: string): Promise<R> {
    const record = await this.get(id);
    if (!record) throw new NotFoundError(this.kind.collection, id);
    return record;
  }

  async getMany(ids: string[]): Promise<Map<string, R>> {
    const found = new Map<string, R>();
    if (ids.length === 0) return found;
    const snapshots = await this.db.getAll(...ids.map((id) => this.ref(id)));
    for (const snapshot of snapshots) if (snapshot.exists) found.set(snapshot.id, recordOf<R>(snapshot.data()));
    return found;
  }

  async list(): Promise<R[]> {
    const snapshot = await this.db.collection(this.kind.collection).get();
    return snapshot.docs.map((doc) => recordOf<R>(doc.data()));
  }

  /**
   * Every record, handed to `visit` one at a time as the query streams in (the client pauses the
   * stream while `visit` runs and resumes it from the last document after a transient error): a
   * large collection is never one answer in memory. Answers how many were read.
   */
  async each(visit: (record: R) => void): Promise<number> {
    let count = 0;
    for await (const doc of this.db.collection(this.kind.collection).stream() as AsyncIterable<QueryDocumentSnapshot>) {
      visit(recordOf<R>(doc.data()));
      count++;
    }
    return count;
  }

  /** Whether any record was committed after an instant (Firestore's clock): one document read at most. */
  async anyCommittedAfter(instant: string): Promise<boolean> {
    const snapshot = await this.db.collection(this.kind.collection).where(COMMITTED_AT, ">", Timestamp.fromDate(new Date(instant))).limit(1).get();
    return !snapshot.empty;
  }

  /** Records committed after an instant (Firestore's clock), oldest first: what a sync run must look at. */
  async listCommittedAfter(instant: string): Promise<R[]> {
    const snapshot = await this.db
      .collection(this.kind.collection)
      .where(COMMITTED_AT, ">", Timestamp.fromDate(new Date(instant)))
      .orderBy(COMMITTED_AT)
      .get();
    return snapshot.docs.map((doc) => recordOf<R>(doc.data()));
  }

  /** Creates a record under a chosen id; if it already exists, changes nothing and returns it. */
  async create(id: string, fields: Fields, actor: Actor, options: WriteOptions = {}): Promise<WriteResult<R> & { created: boolean }> {
    const result = await this.write(id, "create", actor, options, this.creating(fields));
    return { ...result, created: result.written };
  }

  /**
   * Creates a record that is almost surely new without reading first: one commit, whose create()
   * preconditions (record, audit entry, and any `alongside` create) fail it whole when a document
   * exists. Resolves null then, with nothing written, and the caller falls back to create(). One
   * round trip instead of a transaction's read and commit: a form's proposal, new unless resent.
   */
  async insertNew(id: string, fields: Fields, actor: Actor, options: Pick<WriteOptions, "now" | "note" | "alongside"> = {}): Promise<R | null> {
    const now = options.now ?? new Date();
    const record = this.candidate(id, null, fields, actor, now, options.note);
    const batch = this.db.batch();
    batch.create(this.ref(id), { ...(record as Fields), [COMMITTED_AT]: FieldValue.serverTimestamp() });
    const changes = changedFields(null, record as unknown as Fields);
    this.audit(batch, { action: "create", version: 1, actor, changes, now: now.toISOString(), id, note: options.note ?? "" });
    options.alongside?.(batch);
    try {
      await batch.commit();
      return record;
    } catch (error) {
      if (hasGrpcCode(error, ALREADY_EXISTS)) return null;
      throw error;
    }
  }

  /** Applies a patch to the record's fields (undefined values are ignored). */
  update(id: string, patch: Fields | ((current: R) => Fields | null), actor: Actor, options: WriteOptions = {}): Promise<WriteResult<R>> {
    return this.write(id, "update", actor, options, this.updating(id, patch));
  }

  /** Archive instead of delete: all data stays, the previous status is kept for restore. */
  archive(id: string, actor: Actor, options: WriteOptions = {}): Promise<WriteResult<R>> {
    return this.write(id, "archive", actor, options, this.archiving(id));
  }

  restore(id: string, actor: Actor, options: WriteOptions = {}): Promise<WriteResult<R>> {
    return this.write(id, "restore", actor, options, (current) => {
      if (!current) throw new NotFoundError(this.kind.collection, id);
      if (current.status !== "diarsipkan") return null;
      return { status: current.statusBeforeArchive ?? this.kind.defaultStatus, statusBeforeArchive: null };
    });
  }

  /**
   * Several records written in one transaction: one read of them all (and of the guard's
   * document), one commit. A record refused on its own (validation, version, not found) answers
   * its error and the others are still written; a guard that refuses refuses them all. For a
   * sync run's hundreds of writes: each transaction is two calls whatever its size.
   */
  writeMany(writes: ManyWrite[], actor: Actor, options: Pick<WriteOptions, "now" | "guard"> = {}): Promise<(WriteResult<R> | RecordWriteError)[]> {
    return this.db.runTransaction(async (transaction) => {
      const extra = options.guard ? [options.guard.ref] : [];
      const snapshots = await transaction.getAll(...writes.map((write) => this.ref(write.id)), ...extra);
      if (options.guard) options.guard.check(snapshots.at(-1)!);
      return writes.map((write, index) => {
        const compute = write.action === "create" ? this.creating(write.fields) : write.action === "update" ? this.updating(write.id, write.patch) : this.archiving(write.id);
        const each = { ...options, expectedVersion: write.action === "update" ? write.expectedVersion : undefined, note: write.action === "create" ? undefined : write.note };
        try {
          return this.apply(transaction, snapshots[index]!, write.id, write.action, actor, each, compute);
        } catch (error) {
          if (error instanceof ValidationError || error instanceof VersionConflictError || error instanceof NotFoundError) return error;
          throw error;
        }
      });
    });
  }

  private creating(fields: Fields): (current: R | null) => Fields | null {
    return (current) => (current ? null : fields);
  }

  private updating(id: string, patch: Fields | ((current: R) => Fields | null)): (current: R | null) => Fields | null {
    return (current) => {
      if (!current) throw new NotFoundError(this.kind.collection, id);
      return typeof patch === "function" ? patch(current) : patch;
    };
  }

  private archiving(id: string): (current: R | null) => Fields | null {
    return (current) => {
      if (!current) throw new NotFoundError(this.kind.collection, id);
      if (current.status === "diarsipkan") return null;
      return { status: "diarsipkan", statusBeforeArchive: current.status };
    };
  }

  /**
   * The one write path. `compute` may run more than once (Firestore retries a transaction
   * that met a concurrent write), so it must only read its argument.
   */
  private write(
    id: string,
    action: Action,
    actor: Actor,
    options: WriteOptions,
    compute: (current: R | null) => Fields | null,
  ): Promise<WriteResult<R>> {
    return this.db.runTransaction(async (transaction) => {
      // The record, the guard's document and the document read along, in one read.
      const extra = [options.guard?.ref, options.readAlong?.ref].filter((ref) => ref !== undefined);
      const [snapshot, ...others] = (await transaction.getAll(this.ref(id), ...extra)) as [DocumentSnapshot, ...DocumentSnapshot[]];
      if (options.guard) options.guard.check(others.shift()!);
      if (options.readAlong) options.readAlong.check(others.shift()!);
      return this.apply(transaction, snapshot, id, action, actor, options, compute);
    });
  }

  /** One record's write inside a transaction, on the record as read in it. */
  private apply(
    transaction: Transaction,
    snapshot: DocumentSnapshot,
    id: string,
    action: Action,
    actor: Actor,
    options: WriteOptions,
    compute: (current: R | null) => Fields | null,
  ): WriteResult<R> {
    const now = options.now ?? new Date();
    const current = snapshot.exists ? recordOf<R>(snapshot.data()) : null;
    if (options.expectedVersion !== undefined && (current?.version ?? 0) !== options.expectedVersion) {
      throw new VersionConflictError(id, options.expectedVersion, current?.version ?? 0);
    }
    const patch = compute(current);
    if (patch === null) return { record: current as R, changes: [], written: false };

    const record = this.candidate(id, current, patch, actor, now, options.note);
    const version = record.version;
    const nowIso = now.toISOString();

    const changes = changedFields(current as Fields | null, record as unknown as Fields);
    if (current && changes.length === 0) return { record: current, changes, written: false };

    transaction.set(this.ref(id), { ...(record as Fields), [COMMITTED_AT]: FieldValue.serverTimestamp() });
    this.audit(transaction, { action, version, actor, changes, now: nowIso, id, note: options.note ?? "" });
    options.alongside?.(transaction);
    return { record, changes, written: true };
  }

  /** The record as it would be stored: version + 1, stamps, derived fields, validated (may throw ValidationError). */
  private candidate(id: string, current: R | null, patch: Fields, actor: Actor, now: Date, note: string | undefined): R {
    const nowIso = now.toISOString();
    let candidate: Fields = {
      ...(current as Fields | null),
      ...withoutUndefined(patch),
      id,
      version: (current?.version ?? 0) + 1,
      createdAt: (current as Fields | null)?.createdAt ?? nowIso,
      updatedAt: nowIso,
      updatedBy: actor.by,
      source: actor.source,
    };
    if (this.kind.derive) candidate = this.kind.derive(candidate, current, { now, note });
    const parsed = this.kind.schema.safeParse(candidate);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    return parsed.data;
  }

  private audit(
    transaction: DocumentWrites,
    entry: { action: Action; version: number; actor: Actor; changes: FieldChange[]; now: string; id: string; note: string },
  ): void {
    const audit: AuditEntry = {
      collection: this.kind.collection,
      recordId: entry.id,
      action: entry.action,
      version: entry.version,
      at: entry.now,
      by: entry.actor.by,
      source: entry.actor.source,
      changes: entry.changes,
      note: entry.note,
    };
    // One audit id per record version: a replayed write can never log twice.
    const auditId = `${this.kind.collection}_${entry.id}_v${entry.version}`;
    transaction.create(this.db.collection(COLLECTIONS.audit).doc(auditId), audit);
  }
}
