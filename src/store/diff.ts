// Field-level differences between two versions of a record, for the audit log.
import { isDeepStrictEqual } from "node:util";
import type { FieldChange } from "../model/schemas.js";

const META_FIELDS = new Set(["version", "createdAt", "updatedAt", "updatedBy", "source", "committedAt"]);

export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    if (META_FIELDS.has(field)) continue;
    const old = before?.[field] ?? null;
    const value = after[field] ?? null;
    if (!isDeepStrictEqual(old, value)) changes.push({ field, old, new: value });
  }
  return changes;
}
