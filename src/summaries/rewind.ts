// Records as they stood at a past instant: every record keeps its whole stage history and
// every change is in the audit log with its old value, so undoing the audit entries written
// since that instant, newest first, gives back the record a summary of that period saw.
import type { AuditEntry } from "../model/schemas.js";

/**
 * The record before `later` (its audit entries written at or after the instant) were applied;
 * null when it was created at or after the instant, so it did not exist yet.
 */
export function rewind<R extends { id: string }>(record: R, later: AuditEntry[]): R | null {
  const undone: Record<string, unknown> = { ...record };
  for (const entry of [...later].sort((a, b) => b.version - a.version)) {
    if (entry.action === "create") return null;
    for (const change of entry.changes) undone[change.field] = change.old;
    undone.version = entry.version - 1;
  }
  return undone as R;
}

/** Every record of one collection as it stood at `instant`, given the audit entries written since. */
export function recordsAt<R extends { id: string }>(records: R[], collection: string, auditSince: AuditEntry[], instant: Date): R[] {
  const cutoff = instant.toISOString();
  const later = new Map<string, AuditEntry[]>();
  for (const entry of auditSince) {
    if (entry.collection !== collection || entry.at < cutoff) continue;
    const entries = later.get(entry.recordId) ?? [];
    entries.push(entry);
    later.set(entry.recordId, entries);
  }
  return records.flatMap((record) => {
    const entries = later.get(record.id);
    if (!entries) return [record];
    const past = rewind(record, entries);
    return past ? [past] : [];
  });
}
