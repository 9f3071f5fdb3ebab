// The sync lease (sheets/sync/state.ts): taken with one read and one conditional write, no
// transaction. What must hold however runs interleave: one holder at a time, a fence that grows
// with every lease taken, a stale read of the run state never taking over a live lease, and the
// run's start on Firestore's clock.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FieldValue } from "firebase-admin/firestore";
import { acquireLease, readRunSnapshot, readRunState, releaseLease, type Lease } from "../../sheets/sync/state.js";
import { testDatabase } from "../support/firestore.js";

const database = testDatabase();
const db = database.db;
beforeEach(() => database.clear());
afterAll(() => db.terminate());

const SHEET = "sheet-lease";
const LEASE_MS = 60_000;
const now = new Date();

function taken(result: Lease | "busy" | "covered"): Lease {
  if (typeof result === "string") throw new Error(`lease not taken: ${result}`);
  return result;
}

describe("acquireLease", () => {
  it("ten runs taking a free lease at once: one takes it, the others find it busy", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => acquireLease(db, SHEET, `run-${index}`, now, LEASE_MS)));
    const leases = results.filter((result): result is Lease => typeof result !== "string");
    expect(leases).toHaveLength(1);
    expect(results.filter((result) => result === "busy")).toHaveLength(9);
    const state = await readRunState(db, SHEET);
    expect(state.leaseOwner).toBe(leases[0]!.owner);
    expect(state.fence).toBe(1);
  });

  it("ten runs at once on a lease document that exists: still one holder", async () => {
    await releaseLease(db, taken(await acquireLease(db, SHEET, "first", now, LEASE_MS)), null);
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => acquireLease(db, SHEET, `run-${index}`, now, LEASE_MS)));
    expect(results.filter((result) => typeof result !== "string")).toHaveLength(1);
    expect((await readRunState(db, SHEET)).fence).toBe(2);
  });

  it("a run state read before another run took the lease does not take it over", async () => {
    const stale = await readRunSnapshot(db, SHEET);
    const holder = taken(await acquireLease(db, SHEET, "holder", now, LEASE_MS));
    expect(await acquireLease(db, SHEET, "late", now, LEASE_MS, undefined, stale)).toBe("busy");
    const state = await readRunState(db, SHEET);
    expect(state.leaseOwner).toBe("holder");
    expect(state.fence).toBe(holder.fence);
  });

  it("a run state read before another run completed: the lease is taken on what is stored now, with the next fence", async () => {
    await releaseLease(db, taken(await acquireLease(db, SHEET, "first", now, LEASE_MS)), null);
    const stale = await readRunSnapshot(db, SHEET);
    const second = taken(await acquireLease(db, SHEET, "second", now, LEASE_MS));
    await releaseLease(db, second, second.startedAt);
    const third = taken(await acquireLease(db, SHEET, "third", now, LEASE_MS, undefined, stale));
    expect(third.fence).toBe(second.fence + 1);
    // Covered by the run that completed meanwhile, which the stale read did not show.
    await releaseLease(db, third, null);
    const beforeSecond = new Date(Date.parse(second.startedAt) - 1).toISOString();
    expect(await acquireLease(db, SHEET, "fourth", now, LEASE_MS, beforeSecond, stale)).toBe("covered");
  });

  it("a lease past its time is taken over, with a new fence", async () => {
    const slow = taken(await acquireLease(db, SHEET, "slow", now, 1_000));
    const later = new Date(now.getTime() + 5_000);
    const next = taken(await acquireLease(db, SHEET, "next", later, LEASE_MS));
    expect(next.fence).toBe(slow.fence + 1);
    expect((await readRunState(db, SHEET)).leaseOwner).toBe("next");
  });

  it("the run starts at the lease's commit time (Firestore's clock), after a change committed before it", async () => {
    const change = await db.collection("sheetSyncRequests").doc(SHEET).set({ requestedAt: FieldValue.serverTimestamp() });
    // A writer's clock an hour behind does not move the run's start.
    const lease = taken(await acquireLease(db, SHEET, "run", new Date(Date.now() - 3_600_000), LEASE_MS));
    expect(lease.startedAt > change.writeTime.toDate().toISOString()).toBe(true);
  });
});
