// The bench's own seeding writes, in one BulkWriter. BulkWriter only rejects a failed write's
// own promise (close() still resolves), so every promise is awaited and a failure stops the bench.
import type { BulkWriter, Firestore } from "firebase-admin/firestore";

export class BulkWriteError extends Error {
  constructor(readonly failures: unknown[], total: number) {
    super(`${failures.length} of ${total} bench writes failed; first: ${failures[0] instanceof Error ? failures[0].message : String(failures[0])}`);
    this.name = "BulkWriteError";
  }
}

/** Queues the writes `enqueue` returns, closes the writer, and throws if any of them failed. */
export async function bulkWrite(db: Firestore, enqueue: (writer: BulkWriter) => Promise<unknown>[]): Promise<void> {
  // No ramp-up throttling: seeding is the bench's doing and the emulator takes the load.
  const writer = db.bulkWriter({ throttling: false });
  const writes = enqueue(writer);
  // Settled before close(): a write that fails while the writer drains is then handled, not an unhandled rejection.
  const settled = Promise.allSettled(writes);
  await writer.close();
  const failures = (await settled).flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
  if (failures.length > 0) throw new BulkWriteError(failures, writes.length);
}
