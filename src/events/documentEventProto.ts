// protobufjs descriptor of the payload Eventarc sends for Firestore document events,
// written from google-cloudevents proto/google/events/cloud/firestore/v1/data.proto
// (field numbers as published there; Document matches google.firestore.v1.Document).
import protobuf from "protobufjs";

const descriptor = {
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Timestamp: { fields: { seconds: { type: "int64", id: 1 }, nanos: { type: "int32", id: 2 } } },
            NullValue: { values: { NULL_VALUE: 0 } },
          },
        },
        type: {
          nested: {
            LatLng: { fields: { latitude: { type: "double", id: 1 }, longitude: { type: "double", id: 2 } } },
          },
        },
        events: {
          nested: {
            cloud: {
              nested: {
                firestore: {
                  nested: {
                    v1: {
                      nested: {
                        DocumentEventData: {
                          fields: {
                            value: { type: "Document", id: 1 },
                            oldValue: { type: "Document", id: 2 },
                            updateMask: { type: "DocumentMask", id: 3 },
                          },
                        },
                        DocumentMask: { fields: { fieldPaths: { rule: "repeated", type: "string", id: 1 } } },
                        Document: {
                          fields: {
                            name: { type: "string", id: 1 },
                            fields: { keyType: "string", type: "Value", id: 2 },
                            createTime: { type: "google.protobuf.Timestamp", id: 3 },
                            updateTime: { type: "google.protobuf.Timestamp", id: 4 },
                          },
                        },
                        Value: {
                          oneofs: {
                            valueType: {
                              oneof: [
                                "nullValue",
                                "booleanValue",
                                "integerValue",
                                "doubleValue",
                                "timestampValue",
                                "stringValue",
                                "bytesValue",
                                "referenceValue",
                                "geoPointValue",
                                "arrayValue",
                                "mapValue",
                              ],
                            },
                          },
                          fields: {
                            nullValue: { type: "google.protobuf.NullValue", id: 11 },
                            booleanValue: { type: "bool", id: 1 },
                            integerValue: { type: "int64", id: 2 },
                            doubleValue: { type: "double", id: 3 },
                            timestampValue: { type: "google.protobuf.Timestamp", id: 10 },
                            stringValue: { type: "string", id: 17 },
                            bytesValue: { type: "bytes", id: 18 },
                            referenceValue: { type: "string", id: 5 },
                            geoPointValue: { type: "google.type.LatLng", id: 8 },
                            arrayValue: { type: "ArrayValue", id: 9 },
                            mapValue: { type: "MapValue", id: 6 },
                          },
                        },
                        ArrayValue: { fields: { values: { rule: "repeated", type: "Value", id: 1 } } },
                        MapValue: { fields: { fields: { keyType: "string", type: "Value", id: 1 } } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);

export const DocumentEventData = root.lookupType("google.events.cloud.firestore.v1.DocumentEventData");
