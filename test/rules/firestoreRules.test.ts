// firestore.rules against the real emulator: no client, signed in or not, may read or write
// any document; only the Admin SDK (which bypasses rules) touches labinov's data.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { assertFails, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorHost } from "../support/firestore.js";

let env: RulesTestEnvironment;

const COLLECTIONS = ["innovations", "programs", "opd", "audit", "sheetTargets", "formMappings", "mailLedger", "webhookSignatures", "lain/dok/sub"];

beforeAll(async () => {
  const [host, port] = emulatorHost().split(":");
  env = await initializeTestEnvironment({
    projectId: `demo-rules-${randomUUID().slice(0, 8)}`,
    firestore: { host: host!, port: Number(port), rules: readFileSync(new URL("../../firestore.rules", import.meta.url), "utf8") },
  });
  await env.withSecurityRulesDisabled(async (admin) => {
    for (const collection of COLLECTIONS) await admin.firestore().collection(collection).doc("ada").set({ name: "data yang sudah ada" });
  });
});
afterAll(() => env.cleanup());

describe("firestore.rules", () => {
  const contexts = [
    { who: "an anonymous client", context: () => env.unauthenticatedContext() },
    { who: "a signed-in client", context: () => env.authenticatedContext("staf-dinkes", { email: "staf@probolinggokota.go.id", email_verified: true }) },
    { who: "a client claiming admin", context: () => env.authenticatedContext("admin", { admin: true } as Record<string, unknown>) },
  ];

  it.each(contexts)("$who can neither read nor write any collection", async ({ context }) => {
    const db = context().firestore();
    for (const collection of COLLECTIONS) {
      const ref = db.collection(collection).doc("ada");
      await assertFails(ref.get());
      await assertFails(db.collection(collection).get());
      await assertFails(ref.set({ name: "diubah" }));
      await assertFails(ref.update({ name: "diubah" }));
      await assertFails(ref.delete());
      await assertFails(db.collection(collection).doc(`baru-${randomUUID()}`).set({ name: "baru" }));
    }
  });

  it("the data is still there and unchanged (the refusals were by the rules, not by absence)", async () => {
    await env.withSecurityRulesDisabled(async (admin) => {
      const snapshot = await admin.firestore().collection("innovations").doc("ada").get();
      expect(snapshot.data()).toEqual({ name: "data yang sudah ada" });
    });
  });
});
