import type { DocumentSnapshot } from "firebase-admin/firestore";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../../src/store/db.js";
import { NotFoundError, ValidationError, VersionConflictError } from "../../src/store/errors.js";
import { stores } from "../../src/store/kinds.js";
import type { AuditEntry } from "../../src/model/schemas.js";
import { testDatabase } from "../support/firestore.js";
import { innovationFields, testActor } from "../support/fixtures.js";

const database = testDatabase();
const { innovations, programs } = stores(database.db);

async function auditOf(recordId: string): Promise<AuditEntry[]> {
  const snapshot = await database.db.collection(COLLECTIONS.audit).where("recordId", "==", recordId).get();
  return snapshot.docs.map((doc) => doc.data() as AuditEntry).sort((a, b) => a.version - b.version);
}

beforeEach(() => database.clear());
afterAll(() => database.db.terminate());

describe("record writes", () => {
  it("creates a record at version 1 with metadata, a derived tahapan and a first history entry", async () => {
    const now = new Date("2026-11-27T02:00:00Z");
    const { record, created } = await innovations.create("INO-1", innovationFields(), testActor, { now });
    expect(created).toBe(true);
    expect(record).toMatchObject({
      id: "INO-1",
      version: 1,
      source: "api",
      updatedBy: testActor.by,
      updatedAt: now.toISOString(),
      tahapan: "inisiatif",
      status: "aktif",
      stageHistory: [{ stage: "drum_up", start: "2026-11-27", finish: null }],
    });
    const audit = await auditOf("INO-1");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "create", version: 1, by: testActor.by, source: "api" });
    expect(audit[0]!.changes.find((change) => change.field === "name")).toEqual({
      field: "name",
      old: null,
      new: "Si-Pintar: antrean puskesmas daring",
    });
  });

  it("insertNew writes the record, its audit entry and the further writes in one commit, the same as create would", async () => {
    const now = new Date("2026-11-27T02:00:00Z");
    const inserted = await innovations.insertNew("INO-N", innovationFields(), testActor, {
      now,
      alongside: (writes) => writes.create(database.db.collection("mailOutbox").doc("INO-N-x"), { status: "pending" }),
    });
    const { record: created } = await innovations.create("INO-C", innovationFields(), testActor, { now });
    expect(inserted).toEqual({ ...created, id: "INO-N" });
    expect(await innovations.get("INO-N")).toMatchObject({ version: 1, committedAt: expect.any(String) as string });
    expect((await auditOf("INO-N")).map((entry) => [entry.action, entry.version])).toEqual([["create", 1]]);
    expect((await database.db.collection("mailOutbox").doc("INO-N-x").get()).exists).toBe(true);
  });

  it("insertNew writes nothing when the id, or a document it would create alongside, is taken", async () => {
    await innovations.create("INO-T", innovationFields(), testActor);
    const outbox = database.db.collection("mailOutbox");
    expect(await innovations.insertNew("INO-T", { ...innovationFields(), name: "Nama lain" }, testActor, { alongside: (writes) => writes.create(outbox.doc("a"), { n: 1 }) })).toBeNull();
    expect((await innovations.require("INO-T")).name).toBe("Si-Pintar: antrean puskesmas daring");
    expect((await outbox.doc("a").get()).exists).toBe(false);

    await outbox.doc("b").set({ n: 0 });
    expect(await innovations.insertNew("INO-U", innovationFields(), testActor, { alongside: (writes) => writes.create(outbox.doc("b"), { n: 1 }) })).toBeNull();
    expect(await innovations.get("INO-U")).toBeNull();
    expect(await auditOf("INO-U")).toEqual([]);
  });

  it("creating the same id twice makes one record and one audit entry", async () => {
    await innovations.create("INO-2", innovationFields(), testActor);
    const again = await innovations.create("INO-2", innovationFields({ name: "Lain" }), testActor);
    expect(again.created).toBe(false);
    expect(again.record.name).toBe("Si-Pintar: antrean puskesmas daring");
    expect(await auditOf("INO-2")).toHaveLength(1);
  });

  it("an update raises the version by one and audits each changed field with old and new values", async () => {
    await innovations.create("INO-3", innovationFields(), testActor);
    const { record, changes } = await innovations.update("INO-3", { urusan: "pelayanan kesehatan", problem: "Antrean panjang" }, {
      by: "sheet:abc",
      source: "sheet",
    });
    expect(record.version).toBe(2);
    expect(record.source).toBe("sheet");
    expect(changes).toEqual([
      { field: "problem", old: "", new: "Antrean panjang" },
      { field: "urusan", old: "kesehatan", new: "pelayanan kesehatan" },
    ]);
    const audit = await auditOf("INO-3");
    expect(audit.map((entry) => entry.version)).toEqual([1, 2]);
    expect(audit[1]!.changes).toEqual(changes);
  });

  it("an update that changes nothing writes nothing and keeps the version", async () => {
    await innovations.create("INO-4", innovationFields(), testActor);
    const result = await innovations.update("INO-4", { urusan: "kesehatan" }, testActor);
    expect(result.written).toBe(false);
    expect((await innovations.require("INO-4")).version).toBe(1);
    expect(await auditOf("INO-4")).toHaveLength(1);
  });

  it("an invalid update is refused and leaves the stored record as it was", async () => {
    await innovations.create("INO-5", innovationFields(), testActor);
    await expect(innovations.update("INO-5", { jenis: "analog", budget: -5 }, testActor)).rejects.toThrow(ValidationError);
    const stored = await innovations.require("INO-5");
    expect(stored).toMatchObject({ version: 1, jenis: "digital", budget: null });
    expect(await auditOf("INO-5")).toHaveLength(1);
  });

  it("a write with a stale expected version fails with a version conflict", async () => {
    await innovations.create("INO-6", innovationFields(), testActor);
    await innovations.update("INO-6", { urusan: "a" }, testActor);
    await expect(innovations.update("INO-6", { urusan: "b" }, testActor, { expectedVersion: 1 })).rejects.toThrow(
      VersionConflictError,
    );
    expect((await innovations.require("INO-6")).urusan).toBe("a");
  });

  it("updating a record that does not exist fails clearly", async () => {
    await expect(innovations.update("nope", { urusan: "x" }, testActor)).rejects.toThrow(NotFoundError);
  });

  it("two concurrent updates to one record are both applied, never one lost", async () => {
    await innovations.create("INO-7", innovationFields({ evidenceLinks: [] }), testActor);
    const links = Array.from({ length: 8 }, (_, index) => `https://probolinggokota.go.id/bukti/${index}`);
    await Promise.all(
      links.map((link) =>
        innovations.update("INO-7", (current) => ({ evidenceLinks: [...current.evidenceLinks, link] }), testActor),
      ),
    );
    const stored = await innovations.require("INO-7");
    expect([...stored.evidenceLinks].sort()).toEqual([...links].sort());
    expect(stored.version).toBe(1 + links.length);
    expect((await auditOf("INO-7")).map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe("archive and restore", () => {
  it("archives instead of deleting, keeps every field, and restores the previous status", async () => {
    await innovations.create("INO-8", innovationFields({ status: "ditunda", problem: "Data ganda" }), testActor);
    const archived = await innovations.archive("INO-8", testActor, { note: "baris dihapus dari sheet" });
    expect(archived.record).toMatchObject({ status: "diarsipkan", statusBeforeArchive: "ditunda", problem: "Data ganda", version: 2 });
    expect((await innovations.archive("INO-8", testActor)).written).toBe(false);
    const restored = await innovations.restore("INO-8", testActor);
    expect(restored.record).toMatchObject({ status: "ditunda", statusBeforeArchive: null, problem: "Data ganda", version: 3 });
    const audit = await auditOf("INO-8");
    expect(audit.map((entry) => entry.action)).toEqual(["create", "archive", "restore"]);
    expect(audit[1]!.note).toBe("baris dihapus dari sheet");
  });

  it("writeMany writes several records in one transaction; one refused on its own does not refuse the others", async () => {
    await innovations.create("INO-M1", innovationFields(), testActor);
    await innovations.create("INO-M2", innovationFields(), testActor);
    await innovations.update("INO-M2", { urusan: "diubah" }, testActor);
    await innovations.create("INO-M3", innovationFields(), testActor);
    const results = await innovations.writeMany(
      [
        { action: "update", id: "INO-M1", patch: { urusan: "baru" }, expectedVersion: 1, note: "catatan" },
        { action: "update", id: "INO-M2", patch: { urusan: "kalah" }, expectedVersion: 1 }, // changed since
        { action: "update", id: "INO-M3", patch: { budget: -5 } },
        { action: "create", id: "INO-M4", fields: innovationFields({ name: "Baru" }) },
        { action: "archive", id: "INO-NONE" },
      ],
      testActor,
    );
    expect(results[0]).toMatchObject({ written: true, record: { urusan: "baru", version: 2 } });
    expect(results[1]).toBeInstanceOf(VersionConflictError);
    expect(results[2]).toBeInstanceOf(ValidationError);
    expect(results[3]).toMatchObject({ written: true, record: { id: "INO-M4", version: 1 } });
    expect(results[4]).toBeInstanceOf(NotFoundError);
    expect((await auditOf("INO-M1")).map((entry) => [entry.version, entry.note])).toEqual([[1, ""], [2, "catatan"]]);
    expect(await innovations.require("INO-M2")).toMatchObject({ urusan: "diubah", version: 2 });
    expect(await innovations.require("INO-M3")).toMatchObject({ budget: null, version: 1 });
    expect(await auditOf("INO-M4")).toHaveLength(1);
  });

  it("writeMany writes nothing when its guard refuses", async () => {
    await innovations.create("INO-G1", innovationFields(), testActor);
    const ref = database.db.collection("guardTest").doc("lease");
    await ref.set({ fence: 2 });
    const guard = {
      ref,
      check: (snapshot: DocumentSnapshot) => {
        if (snapshot.get("fence") !== 1) throw new Error("lease lost");
      },
    };
    await expect(innovations.writeMany([{ action: "update", id: "INO-G1", patch: { urusan: "x" } }, { action: "create", id: "INO-G2", fields: innovationFields() }], testActor, { guard })).rejects.toThrow("lease lost");
    expect((await innovations.require("INO-G1")).version).toBe(1);
    expect(await innovations.get("INO-G2")).toBeNull();
  });

  it("works the same for programs", async () => {
    await programs.create(
      "PRG-1",
      { name: "Pelatihan analis kebijakan", area: "kajian_kebijakan", unitId: "bkpsdm", startDate: "2026-03-01", endDate: "2026-03-05", status: "selesai" },
      testActor,
    );
    await programs.archive("PRG-1", testActor);
    expect((await programs.restore("PRG-1", testActor)).record.status).toBe("selesai");
  });
});
