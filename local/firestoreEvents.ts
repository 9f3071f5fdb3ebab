// Stands in for Eventarc on the local stack: listens to the collections production has
// triggers on (innovations, programs, iidEvidence -> recordChanged; sheetSyncRequests -> syncRequested;
// mailOutbox -> mailQueued) in the Firestore emulator and posts each write as the binary-mode
// CloudEvent Google sends (type google.cloud.firestore.document.v1.written, protobuf body).
// Like Eventarc with retry, a delivery that is refused or fails is sent again, with backoff.
import { randomUUID } from "node:crypto";
import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { DocumentEventData } from "../src/events/documentEventProto.js";
import { log } from "../src/log.js";

/** Which function each collection's writes go to, as deploy/deploy.sh wires the Eventarc triggers. */
export const EVENT_ROUTES = {
  innovations: "recordChanged",
  programs: "recordChanged",
  iidEvidence: "recordChanged",
  sheetSyncRequests: "syncRequested",
  mailOutbox: "mailQueued",
} as const;

export interface RelayOptions {
  /** Attempts per event before it is given up (and logged as an error); Eventarc retries for a day. */
  maxAttempts?: number;
  /** First wait before a retry; doubles each time. */
  retryDelayMs?: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  /** Resolves once every watched collection's listener has had its first snapshot: later writes are relayed. */
  listening: Promise<void>;
  /** Resolves when every event posted so far has been answered. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * `routes` maps a collection to the URL its events go to (see EVENT_ROUTES); collections
 * without a URL are not watched.
 */
export function relayFirestoreEvents(db: Firestore, projectId: string, routes: Record<string, string>, options: RelayOptions = {}): FirestoreEventRelay {
  const known = new Map<string, DocumentData>();
  const inFlight = new Set<Promise<void>>();
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;

  const deliver = async (url: string, collection: string, id: string, body: Buffer, eventId: string) => {
    for (let attempt = 1; ; attempt++) {
      let problem: Record<string, unknown>;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/protobuf",
            "ce-specversion": "1.0",
            "ce-id": eventId,
            "ce-type": "google.cloud.firestore.document.v1.written",
            "ce-source": `//firestore.googleapis.com/projects/${projectId}/databases/(default)`,
            "ce-subject": `documents/${collection}/${id}`,
            "ce-time": new Date().toISOString(),
          },
          body,
        });
        if (response.ok) return;
        problem = { status: response.status, body: await response.text() };
      } catch (error) {
        problem = { error };
      }
      if (attempt >= maxAttempts) {
        log.error("local event delivery given up", { url, collection, id, attempt, ...problem });
        return;
      }
      log.warn("local event delivery failed, retrying", { url, collection, id, attempt, ...problem });
      await wait(retryDelayMs * 2 ** (attempt - 1));
    }
  };

  const post = (collection: string, id: string, before: DocumentData | null, after: DocumentData | null) => {
    const url = routes[collection]!;
    const body = Buffer.from(encodeDocumentEvent(projectId, collection, id, before, after));
    const delivery = deliver(url, collection, id, body, randomUUID()).finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  };

  const firstSnapshots: Promise<void>[] = [];
  const unsubscribers = Object.keys(routes).map((collection) => {
    let first = true;
    let listened!: () => void;
    let failed!: (error: Error) => void;
    firstSnapshots.push(new Promise<void>((resolve, reject) => ((listened = resolve), (failed = reject))));
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
        listened();
      },
      (error) => {
        log.error("local Firestore listener failed", { collection, error });
        failed(error);
      },
    );
  });

  const listening = Promise.all(firstSnapshots).then(() => {});
  listening.catch(() => {}); // logged above; only a caller that awaits `listening` hears of it
  return {
    listening,
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop: () => unsubscribers.forEach((unsubscribe) => unsubscribe()),
  };
}
