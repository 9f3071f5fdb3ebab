// The bench's seeding writes against the Firestore emulator: a write that fails stops the bench
// instead of leaving it to measure a half-seeded database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BulkWriteError, bulkWrite } from "../../bench/bulkWrite.js";
import { testDatabase } from "../support/firestore.js";

const database = testDatabase();
beforeAll(() => database.clear());
afterAll(() => database.db.terminate());

describe("bench bulkWrite", () => {
  it("writes everything it was given", async () => {
    const docs = Array.from({ length: 30 }, (_, index) => database.db.collection("benchSeed").doc(`d${index}`));
    await bulkWrite(database.db, (writer) => docs.map((doc, index) => writer.set(doc, { index })));
    expect((await database.db.collection("benchSeed").count().get()).data().count).toBe(30);
  });

  it("throws when a write failed (an update of a document that does not exist), naming how many", async () => {
    const collection = database.db.collection("benchEdits");
    await collection.doc("ada").set({ goal: "lama" });
    const failure = await bulkWrite(database.db, (writer) => [
      writer.update(collection.doc("ada"), { goal: "baru" }),
      writer.update(collection.doc("tidak-ada"), { goal: "baru" }),
    ]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BulkWriteError);
    expect((failure as BulkWriteError).message).toMatch(/^1 of 2 bench writes failed; first: .*(NOT_FOUND|no entity)/i);
    expect((await collection.doc("ada").get()).get("goal")).toBe("baru");
  });
});
