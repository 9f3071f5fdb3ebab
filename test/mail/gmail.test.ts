// The Gmail transport with domain-wide delegation, run through the real google-auth-library
// and @googleapis/gmail client. Google's token endpoint and the Gmail API cannot be reached
// from here, so one local server plays both: it checks the delegation JWT the way Google
// does (RS256 signature of the service account's key, issuer, subject, scope, audience) and
// records what the Gmail API receives. Everything on our side of the wire is the real code.
import { createVerify, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auth as google } from "@googleapis/gmail";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GoogleApiError } from "../../src/google/apiError.js";
import { createGmailSender, GMAIL_SEND_SCOPE } from "../../src/mail/gmail.js";
import { mailerFromSender } from "../../src/mail/transport.js";

const SERVICE_ACCOUNT = "labinov-summaries@pemkot-probolinggo.iam.gserviceaccount.com";
const MAILBOX = "labinov@probolinggokota.go.id";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

interface Seen {
  tokenRequests: Record<string, unknown>[];
  sends: { authorization: string; raw: string; path: string }[];
}

let server: Server;
let base: string;
const seen: Seen = { tokenRequests: [], sends: [] };

async function readBody(request: import("node:http").IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The mailbox whose sends the stand-in refuses as Google does when Gmail is off for it. */
const NO_GMAIL = "tanpa.gmail@probolinggokota.go.id";
const refusedSend = (authorization: string | undefined) => authorization === `Bearer token-for-${NO_GMAIL}`;

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      if (request.url === "/token") {
        const assertion = new URLSearchParams(body).get("assertion") ?? "";
        const [header, payload, signature] = assertion.split(".");
        const valid = createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature ?? "", "base64url"));
        const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
        seen.tokenRequests.push(claims);
        if (!valid || claims.iss !== SERVICE_ACCOUNT || claims.aud !== `${base}/token`) {
          response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant", error_description: "Invalid JWT Signature." }));
          return;
        }
        if (claims.sub !== MAILBOX && claims.sub !== NO_GMAIL) {
          response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorized_client", error_description: "Client is unauthorized to retrieve access tokens using this method." }));
          return;
        }
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: `token-for-${claims.sub as string}`, expires_in: 3599, token_type: "Bearer" }));
        return;
      }
      if (refusedSend(request.headers.authorization)) {
        // Google's error body for a refused send (Gmail API "Standard error responses").
        response.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: 403, message: "Mail service not enabled", status: "PERMISSION_DENIED", errors: [{ reason: "failedPrecondition", message: "Mail service not enabled" }] } }));
        return;
      }
      seen.sends.push({ authorization: request.headers.authorization ?? "", raw: (JSON.parse(body) as { raw: string }).raw, path: request.url ?? "" });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "18c0ffee", threadId: "18c0ffee", labelIds: ["SENT"] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const serviceAccount = () =>
  new google.GoogleAuth({ credentials: { client_email: SERVICE_ACCOUNT, private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() } });

describe("Gmail API with domain-wide delegation", () => {
  it("acts as the mailbox with a delegated token and sends the composed MIME unchanged", async () => {
    const sender = createGmailSender(MAILBOX, { rootUrl: `${base}/`, tokenUrl: `${base}/token`, auth: serviceAccount() });
    const mailer = mailerFromSender(`Laboratorium Inovasi <${MAILBOX}>`, sender);
    await mailer.send({ to: ["kepala.dinkes@probolinggokota.go.id"], subject: "Ringkasan inovasi minggu ini", text: "Ada 2 inovasi.", html: "<p>Ada 2 inovasi.</p>" });
    await mailer.send({ to: ["camat.mayangan@probolinggokota.go.id"], subject: "Ringkasan kedua", text: "Ada 1 inovasi.", html: "<p>Ada 1 inovasi.</p>" });

    expect(seen.tokenRequests).toHaveLength(1); // the token is reused until it expires
    expect(seen.tokenRequests[0]).toMatchObject({ iss: SERVICE_ACCOUNT, sub: MAILBOX, scope: GMAIL_SEND_SCOPE });
    expect(seen.sends).toHaveLength(2);
    expect(seen.sends[0]!.path).toBe("/gmail/v1/users/me/messages/send");
    expect(seen.sends[0]!.authorization).toBe(`Bearer token-for-${MAILBOX}`);
    const parsed = await simpleParser(Buffer.from(seen.sends[0]!.raw, "base64url"));
    expect(parsed.subject).toBe("Ringkasan inovasi minggu ini");
    expect(parsed.text?.trim()).toBe("Ada 2 inovasi.");
    expect(parsed.from?.text).toContain(MAILBOX);
  });

  it("says clearly when Google refuses the delegation", async () => {
    const sender = createGmailSender("bukan.delegasi@probolinggokota.go.id", { rootUrl: `${base}/`, tokenUrl: `${base}/token`, auth: serviceAccount() });
    const before = seen.sends.length;
    await expect(sender(Buffer.from("Subject: x\r\n\r\nx"), { from: MAILBOX, to: ["a@probolinggokota.go.id"] })).rejects.toThrow(
      /401 unauthorized_client.*bukan\.delegasi@probolinggokota\.go\.id/,
    );
    expect(seen.sends).toHaveLength(before);
  });

  it("a refused send is a GoogleApiError with Google's code, status and what we were doing, like a Sheets failure", async () => {
    const sender = createGmailSender(NO_GMAIL, { rootUrl: `${base}/`, tokenUrl: `${base}/token`, auth: serviceAccount() });
    const failure = await sender(Buffer.from("Subject: x\r\n\r\nx"), { from: NO_GMAIL, to: ["a@probolinggokota.go.id"] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect(failure).toMatchObject({ code: 403, status: "PERMISSION_DENIED", reason: "Mail service not enabled" });
    expect((failure as Error).message).toBe(`Google API error - [403 PERMISSION_DENIED] Mail service not enabled (while sending mail through the Gmail API as ${NO_GMAIL})`);
  });
});
