// Test helpers for Firestore CloudEvents. The encoder is the local stack's
// (local/firestoreEvents.ts encodeDocumentEvent); publishedProto.test.ts checks it and the
// decoder against Google's published definitions.

/** Headers of a binary-mode CloudEvent as Eventarc delivers a Firestore write. */
export function cloudEventHeaders(id: string, subject = "documents/innovations/INO-1"): Record<string, string> {
  return {
    "content-type": "application/protobuf",
    "ce-specversion": "1.0",
    "ce-type": "google.cloud.firestore.document.v1.written",
    "ce-source": "//firestore.googleapis.com/projects/demo-labinov/databases/(default)",
    "ce-subject": subject,
    "ce-id": id,
  };
}
