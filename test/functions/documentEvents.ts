// Encodes Firestore CloudEvent payloads for tests from the published definition
// (google-cloudevents proto/google/events/cloud/firestore/v1/data.proto), parsed from .proto
// text: an encoder independent of the JSON descriptor the function decodes with.
import protobuf from "protobufjs";

const PROTO = `
syntax = "proto3";
package google.events.cloud.firestore.v1;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
message LatLng { double latitude = 1; double longitude = 2; }
enum NullValue { NULL_VALUE = 0; }
message DocumentEventData { Document value = 1; Document old_value = 2; DocumentMask update_mask = 3; }
message DocumentMask { repeated string field_paths = 1; }
message Document { string name = 1; map<string, Value> fields = 2; Timestamp create_time = 3; Timestamp update_time = 4; }
message Value {
  oneof value_type {
    NullValue null_value = 11; bool boolean_value = 1; int64 integer_value = 2; double double_value = 3;
    Timestamp timestamp_value = 10; string string_value = 17; bytes bytes_value = 18; string reference_value = 5;
    LatLng geo_point_value = 8; ArrayValue array_value = 9; MapValue map_value = 6;
  }
}
message ArrayValue { repeated Value values = 1; }
message MapValue { map<string, Value> fields = 1; }
`;
const EventData = protobuf.parse(PROTO).root.lookupType("google.events.cloud.firestore.v1.DocumentEventData");

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

function protoValue(value: Plain): Record<string, unknown> {
  if (value === null) return { nullValue: 0 };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { booleanValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { integerValue: value } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(protoValue) } };
  return { mapValue: { fields: Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, protoValue(inner)])) } };
}

const DOC = (collection: string, id: string) => `projects/demo-labinov/databases/(default)/documents/${collection}/${id}`;

export function encodeEvent(collection: string, id: string, before: Record<string, Plain> | null, after: Record<string, Plain> | null): Uint8Array {
  const doc = (fields: Record<string, Plain>) => ({
    name: DOC(collection, id),
    fields: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, protoValue(value)])),
    updateTime: { seconds: 1_795_000_000, nanos: 0 },
  });
  const message = EventData.fromObject({
    ...(after ? { value: doc(after) } : {}),
    ...(before ? { oldValue: doc(before) } : {}),
    ...(before && after ? { updateMask: { fieldPaths: ["name"] } } : {}),
  });
  return EventData.encode(message).finish();
}


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
