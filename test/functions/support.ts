// Helpers for the function tests: serve a handler through the Functions Framework's own
// request pipeline (getTestServer) on a free port, and post to it signed like Apps Script.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { cloudEvent, http, type HttpFunction } from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { signedHeaders } from "../../src/http/signature.js";
import type { SheetSync } from "../../src/ports/sheetSync.js";

export const TEST_SECRET = "uji-rahasia-webhook-labinov-0123456789abcdef";

export interface Served {
  url: string;
  stop(): Promise<void>;
}

let counter = 0;

async function listen(server: Server): Promise<Served> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Registers the handler under a fresh name (the registry is global) and serves it. */
export function serveHttp(handler: HttpFunction): Promise<Served> {
  const name = `test_http_${++counter}`;
  http(name, handler);
  return listen(getTestServer(name));
}

export function serveCloudEvent(handler: (event: never) => unknown): Promise<Served> {
  const name = `test_event_${++counter}`;
  cloudEvent(name, handler as Parameters<typeof cloudEvent>[1]);
  return listen(getTestServer(name));
}

export function postSigned(url: string, body: string, options: { secret?: string; now?: number; headers?: Record<string, string> } = {}) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signedHeaders(options.secret ?? TEST_SECRET, body, options.now ?? Date.now()),
      ...options.headers,
    },
    body,
  });
}

/**
 * Stands in for the sync engine where a test is about the function's gate, not the sync:
 * it records what it was asked. Tests of the real path use the engine (test/functions/*.integration).
 */
export function recordingSync(targets: Record<string, string[]> = {}): SheetSync & { calls: string[] } {
  const calls: string[] = [];
  const known = new Set(Object.values(targets).flat());
  return {
    calls,
    isTarget: async (id) => known.has(id),
    targetsForUnits: async (unitIds) => [...new Set(unitIds.flatMap((unitId) => targets[unitId] ?? []))],
    syncCovering: async (id, at, origin) => {
      calls.push(`after:${id}@${at}${origin === "sheet" ? " (sheet)" : ""}`);
      return { covered: true, run: null };
    },
    reconcileAll: async () => {
      calls.push("reconcile");
      return { targets: known.size };
    },
    initTarget: async (targetId) => {
      calls.push(`init:${targetId}`);
      return known.has(targetId.split("__")[0]!) ? { targetId } : null;
    },
  };
}
