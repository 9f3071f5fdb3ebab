// Stands in for Eventarc on the local stack: listens to innovations and programs in the
// Firestore emulator and posts each write to /recordChanged as the binary-mode CloudEvent
// Google sends (type google.cloud.firestore.document.v1.written, protobuf body).
import { randomUUID } from "node:crypto";
import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { DocumentEventData } from "../events/documentEventProto.js";
import { log } from "../log.js";

const WATCHED = ["innovations", "programs"] as const;

function protoValue(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return { nullValue: 0 };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { booleanValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { integerValue: value } : { doubleValue: value };
  if (value instanceof Timestamp) return { timestampValue: { seconds: value.seconds, nanos: value.nanoseconds } };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(protoValue) } };
  return { mapValue: { fields: protoFields(value as DocumentData) } };
}

function protoFields(data: DocumentData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, protoValue(value)]));
}

export function encodeDocumentEvent(projectId: string, collection: string, id: string, before: DocumentData | null, after: DocumentData | null): Uint8Array {
  const name = `projects/${projectId}/databases/(default)/documents/${collection}/${id}`;
  const document = (data: DocumentData) => ({ name, fields: protoFields(data) });
  const message = DocumentEventData.fromObject({
    ...(after ? { value: document(after) } : {}),
    ...(before ? { oldValue: document(before) } : {}),
  });
  return DocumentEventData.encode(message).finish();
}

export interface FirestoreEventRelay {
  /** Resolves when every event posted so far has been answered. */
  idle(): Promise<void>;
  stop(): void;
}

export function relayFirestoreEvents(db: Firestore, projectId: string, recordChangedUrl: string): FirestoreEventRelay {
  const known = new Map<string, DocumentData>();
  const inFlight = new Set<Promise<void>>();

  const post = (collection: string, id: string, before: DocumentData | null, after: DocumentData | null) => {
    const body = Buffer.from(encodeDocumentEvent(projectId, collection, id, before, after));
    const delivery = fetch(recordChangedUrl, {
      method: "POST",
      headers: {
        "content-type": "application/protobuf",
        "ce-specversion": "1.0",
        "ce-id": randomUUID(),
        "ce-type": "google.cloud.firestore.document.v1.written",
        "ce-source": `//firestore.googleapis.com/projects/${projectId}/databases/(default)`,
        "ce-subject": `documents/${collection}/${id}`,
        "ce-time": new Date().toISOString(),
      },
      body,
    })
      .then(async (response) => {
        if (!response.ok) log.warn("local recordChanged delivery refused", { collection, id, status: response.status, body: await response.text() });
      })
      .catch((error: unknown) => log.warn("local recordChanged delivery failed", { collection, id, error }))
      .finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  };

  const unsubscribers = WATCHED.map((collection) => {
    let first = true;
    return db.collection(collection).onSnapshot(
      (snapshot) => {
        for (const change of snapshot.docChanges()) {
          const key = `${collection}/${change.doc.id}`;
          const before = known.get(key) ?? null;
          const after = change.type === "removed" ? null : change.doc.data();
          if (after) known.set(key, after);
          else known.delete(key);
          // The first snapshot is what already existed: Eventarc would not send those.
          if (!first) post(collection, change.doc.id, before, after);
        }
        first = false;
      },
      (error) => log.error("local Firestore listener failed", { collection, error }),
    );
  });

  return {
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop: () => unsubscribers.forEach((unsubscribe) => unsubscribe()),
  };
}
