// reconcileSheets is called by Cloud Scheduler: these tests cover who may call it.
// The OIDC branch runs google-auth-library's real verifyIdToken; only the place it fetches
// Google's signing certificates is pointed (through the library's `endpoints` option) at a
// local server holding a key pair made here, because Google's keys cannot sign for a test.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSign, generateKeyPairSync } from "node:crypto";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reconcileSheetsHandler } from "../../functions/reconcileSheets.js";
import { recordingSync, serveHttp, type Served } from "./support.js";

const ADMIN_TOKEN = "token-admin-labinov-uji-0123456789abcdefgh";
const SCHEDULER = "labinov-scheduler@labinov-prod.iam.gserviceaccount.com";
const AUDIENCE = "https://reconcilesheets-abc123-et.a.run.app";
const KID = "kunci-uji-1";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

function idToken(claims: Record<string, unknown>, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const header = encode({ alg: "RS256", typ: "JWT", kid: KID });
  const payload = encode({ iss: "https://accounts.google.com", aud: AUDIENCE, email: SCHEDULER, email_verified: true, sub: "1234567890", iat: now, exp: now + 3600, ...claims });
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(key).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

const sync = recordingSync({ dinkes: ["sheet-dinkes"] });
let certs: Server;
let served: Served;

beforeAll(async () => {
  certs = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=3600" });
    response.end(JSON.stringify({ [KID]: publicKey.export({ type: "spki", format: "pem" }) }));
  });
  await new Promise<void>((resolve) => certs.listen(0, "127.0.0.1", resolve));
  const certsUrl = `http://127.0.0.1:${(certs.address() as AddressInfo).port}/oauth2/v1/certs`;
  const verifier = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } });
  served = await serveHttp(
    reconcileSheetsHandler(() => ({ sync, schedulerAuth: { adminToken: ADMIN_TOKEN, schedulerServiceAccount: SCHEDULER, audience: AUDIENCE, verifier } })),
  );
});
beforeEach(() => {
  sync.calls.length = 0;
});
afterAll(async () => {
  await served.stop();
  await new Promise<void>((resolve) => certs.close(() => resolve()));
});

function call(authorization?: string, body = "") {
  return fetch(served.url, { method: "POST", headers: authorization ? { authorization } : {}, body });
}

describe("reconcileSheets caller checks", () => {
  const cases: { name: string; authorization: () => string | undefined; status: number }[] = [
    { name: "the admin bearer token", authorization: () => `Bearer ${ADMIN_TOKEN}`, status: 200 },
    { name: "Scheduler's OIDC token", authorization: () => `Bearer ${idToken({})}`, status: 200 },
    { name: "no Authorization header", authorization: () => undefined, status: 401 },
    { name: "a wrong admin token", authorization: () => `Bearer ${ADMIN_TOKEN.slice(0, -1)}x`, status: 401 },
    { name: "Basic instead of Bearer", authorization: () => `Basic ${Buffer.from("a:b").toString("base64")}`, status: 401 },
    { name: "an ID token signed by another key", authorization: () => `Bearer ${idToken({}, otherKey)}`, status: 401 },
    { name: "an ID token for another audience", authorization: () => `Bearer ${idToken({ aud: "https://lain.example" })}`, status: 401 },
    { name: "an expired ID token", authorization: () => `Bearer ${idToken({ iat: 1_700_000_000, exp: 1_700_003_600 })}`, status: 401 },
    { name: "an ID token from another issuer", authorization: () => `Bearer ${idToken({ iss: "https://evil.example" })}`, status: 401 },
    { name: "a valid ID token of another service account", authorization: () => `Bearer ${idToken({ email: "lain@labinov-prod.iam.gserviceaccount.com" })}`, status: 403 },
    { name: "a valid ID token with an unverified email", authorization: () => `Bearer ${idToken({ email_verified: false })}`, status: 403 },
  ];

  it.each(cases)("$name -> $status", async ({ authorization, status }) => {
    const response = await call(authorization());
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(sync.calls).toEqual(status === 200 ? ["reconcile"] : []);
  });

  it("refuses an oversized body with 413 before looking at the caller", async () => {
    const response = await call(`Bearer ${ADMIN_TOKEN}`, "x".repeat(10_000));
    expect(response.status).toBe(413);
    expect(sync.calls).toEqual([]);
  });

  it("without ADMIN_TOKEN configured, no bearer string is accepted as one", async () => {
    const server = await serveHttp(reconcileSheetsHandler(() => ({ sync, schedulerAuth: { schedulerServiceAccount: SCHEDULER, audience: AUDIENCE } })));
    try {
      expect((await fetch(server.url, { method: "POST", headers: { authorization: "Bearer undefined" } })).status).toBe(401);
      expect(sync.calls).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe("reconcileSheets OIDC audience", () => {
  it("without a configured audience, accepts a token for the URL the request came to (with or without the trailing slash)", async () => {
    const verifier = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: `http://127.0.0.1:${(certs.address() as AddressInfo).port}/oauth2/v1/certs` } });
    const server = await serveHttp(reconcileSheetsHandler(() => ({ sync, schedulerAuth: { schedulerServiceAccount: SCHEDULER, verifier } })));
    try {
      const bare = server.url.replace(/\/$/, "");
      for (const aud of [bare, server.url]) {
        sync.calls.length = 0;
        const response = await fetch(server.url, { method: "POST", headers: { authorization: `Bearer ${idToken({ aud })}` } });
        expect(response.status).toBe(200);
        expect(sync.calls).toEqual(["reconcile"]);
      }
      const elsewhere = await fetch(server.url, { method: "POST", headers: { authorization: `Bearer ${idToken({ aud: "http://127.0.0.1:1" })}` } });
      expect(elsewhere.status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
