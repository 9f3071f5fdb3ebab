// Small valid records for tests; each test overrides what it is about.
import type { Stores } from "../../src/store/kinds.js";
import type { Actor } from "../../src/store/records.js";

export const testActor: Actor = { by: "tester@probolinggokota.go.id", source: "api" };

export function innovationFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Si-Pintar: antrean puskesmas daring",
    unitId: "dinkes",
    initiator: "opd",
    stage: "drum_up",
    jenis: "digital",
    bentuk: "pelayanan_publik",
    urusan: "kesehatan",
    ...overrides,
  };
}

export async function createUnit(stores: Stores, id = "dinkes", overrides: Record<string, unknown> = {}) {
  return stores.units.create(
    id,
    { name: "Dinas Kesehatan P2KB", kind: "opd", headName: "dr. Nur Aini", headEmail: "dinkes@probolinggokota.go.id", ...overrides },
    testActor,
  );
}
