// Turns the CloudEvent Eventarc sends for a Firestore write into one plain change:
// which record, its fields before and after (null when absent). Only the data matters here,
// never the event's delivery order: handlers read current state before acting.
import { DocumentEventData } from "./documentEventProto.js";

export interface RecordChange {
  collection: string;
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface ProtoValue {
  nullValue?: unknown;
  booleanValue?: boolean;
  integerValue?: string;
  doubleValue?: number;
  timestampValue?: { seconds?: string; nanos?: number } | string;
  stringValue?: string;
  bytesValue?: string;
  referenceValue?: string;
  geoPointValue?: { latitude?: number; longitude?: number };
  arrayValue?: { values?: ProtoValue[] };
  mapValue?: { fields?: Record<string, ProtoValue> };
}

interface ProtoDocument {
  name?: string;
  fields?: Record<string, ProtoValue>;
}

export class EventDecodeError extends Error {
  override name = "EventDecodeError";
}

function timestampIso(timestamp: { seconds?: string; nanos?: number } | string): string {
  if (typeof timestamp === "string") return timestamp;
  return new Date(Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}

/** A Firestore Value as the plain JS value our records hold (int64 as number: our numbers are small). */
export function plainValue(value: ProtoValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.booleanValue !== undefined) return value.booleanValue;
  if (value.integerValue !== undefined) return Number(value.integerValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.timestampValue !== undefined) return timestampIso(value.timestampValue);
  if (value.referenceValue !== undefined) return value.referenceValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.geoPointValue !== undefined) return { latitude: value.geoPointValue.latitude ?? 0, longitude: value.geoPointValue.longitude ?? 0 };
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.mapValue !== undefined) return plainFields(value.mapValue.fields ?? {});
  return null;
}

function plainFields(fields: Record<string, ProtoValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, plainValue(value)]));
}

/** "projects/p/databases/(default)/documents/innovations/INO-1" -> { collection, id } (top-level docs only). */
export function documentPath(name: string): { collection: string; id: string } {
  const match = /\/documents\/([^/]+)\/([^/]+)$/.exec(name);
  if (!match) throw new EventDecodeError(`nama dokumen tidak dikenal: ${name}`);
  return { collection: match[1]!, id: match[2]! };
}

function toObject(data: unknown): { value?: ProtoDocument; oldValue?: ProtoDocument } {
  if (data instanceof Uint8Array) {
    const message = DocumentEventData.decode(data);
    // Timestamps and int64 as strings: no Long objects, no precision surprises.
    return DocumentEventData.toObject(message, { longs: String, bytes: String, oneofs: false, defaults: false });
  }
  // JSON-encoded data (e.g. `application/json` deliveries in the local stack) has the same shape.
  if (data && typeof data === "object") return data as { value?: ProtoDocument; oldValue?: ProtoDocument };
  throw new EventDecodeError("CloudEvent tanpa data dokumen");
}

/** Decodes `google.events.cloud.firestore.v1.DocumentEventData` (protobuf bytes or its JSON form). */
export function decodeDocumentEvent(data: unknown): RecordChange {
  let decoded: { value?: ProtoDocument; oldValue?: ProtoDocument };
  try {
    decoded = toObject(data);
  } catch (error) {
    if (error instanceof EventDecodeError) throw error;
    throw new EventDecodeError(`data CloudEvent tidak bisa dibaca: ${(error as Error).message}`);
  }
  const name = decoded.value?.name || decoded.oldValue?.name;
  if (!name) throw new EventDecodeError("CloudEvent tanpa nama dokumen");
  const { collection, id } = documentPath(name);
  return {
    collection,
    id,
    before: decoded.oldValue?.name ? plainFields(decoded.oldValue.fields ?? {}) : null,
    after: decoded.value?.name ? plainFields(decoded.value.fields ?? {}) : null,
  };
}
