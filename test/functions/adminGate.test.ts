// The admin gate (src/http/adminRequest.ts) in front of every function Scheduler or an
// administrator calls: anything but POST is refused with 405 before any work, even with a valid token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initSheetsHandler } from "../../functions/initSheets.js";
import { reconcileSheetsHandler } from "../../functions/reconcileSheets.js";
import { sendSummariesHandler } from "../../functions/sendSummaries.js";
import { testDatabase } from "../support/firestore.js";
import { recordingSync, serveHttp, type Served } from "./support.js";

const ADMIN_TOKEN = "token-admin-labinov-uji-0123456789abcdefgh";
const schedulerAuth = { adminToken: ADMIN_TOKEN };
const database = testDatabase();
const sync = recordingSync({ dinkes: ["sheet-dinkes"] });
const sent: unknown[] = [];
const served = new Map<string, Served>();

beforeAll(async () => {
  served.set("initSheets", await serveHttp(initSheetsHandler(() => ({ sync, schedulerAuth }))));
  served.set("reconcileSheets", await serveHttp(reconcileSheetsHandler(() => ({ sync, schedulerAuth }))));
  served.set(
    "sendSummaries",
    await serveHttp(
      sendSummariesHandler(() => ({
        db: database.db,
        // Records what it would send: the gate must stop the request before anything is sent.
        mailer: {
          send: async (message) => {
            sent.push(message);
            return { messageId: "tidak-terkirim" };
          },
        },
        schedulerAuth,
        config: { SUMMARY_RECIPIENTS: ["koordinator@probolinggokota.go.id"], STALLED_AFTER_DAYS: 30 },
      })),
    ),
  );
});
afterAll(async () => {
  await Promise.all([...served.values()].map((server) => server.stop()));
  await database.db.terminate();
});

const bodies: Record<string, string> = {
  initSheets: '{"targetId":"sheet-dinkes__Inovasi"}',
  reconcileSheets: "{}",
  sendSummaries: '{"kind":"weekly"}',
};

describe("admin gate", () => {
  it.each(["initSheets", "reconcileSheets", "sendSummaries"].flatMap((name) => ["GET", "PUT", "DELETE"].map((method) => [name, method])))(
    "%s refuses %s with a valid token: 405, Allow: POST, nothing done",
    async (name, method) => {
      const response = await fetch(served.get(name)!.url, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: method === "GET" ? undefined : bodies[name],
      });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(((await response.json()) as { message: string }).message).toBe("Hanya metode POST yang diterima.");
      expect(sync.calls).toEqual([]);
      expect(sent).toEqual([]);
    },
  );

  it("the same POST with the same token passes the gate (the refusals above are the method's)", async () => {
    const response = await fetch(served.get("reconcileSheets")!.url, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(sync.calls).toEqual(["reconcile"]);
    sync.calls.length = 0;
  });
});
