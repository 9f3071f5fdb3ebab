// The work Firestore triggers start while the notice bench measures answers: Eventarc's stand-in
// (local/firestoreEvents.ts) posting each write to recordChanged, syncRequested and mailQueued,
// and the mail relay (an SMTP sink). In production these run on other instances than the
// function that answers, so by default the bench runs them in a process of their own, against the
// same Firestore emulator and Sheets emulator at the same time as the answers (--background=process);
// --background=same-process keeps them in the answering process, as the bench did before.
// The child is this file bundled by esbuild (built once per bench), driven over Node's IPC channel:
//   node test-output/bench/triggeredWork.mjs '<TriggeredJob JSON>'
import { fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudEvent, http, type CloudEvent, type HttpFunction } from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { sheets_v4 } from "@googleapis/sheets";
import { bundledEntry } from "./bundleEntry.js";
import { mailQueuedHandler } from "../functions/mailQueued.js";
import { recordChangedHandler } from "../functions/recordChanged.js";
import { syncRequestedHandler } from "../functions/syncRequested.js";
import { relayFirestoreEvents } from "../local/firestoreEvents.js";
import { startSmtpSink } from "../local/smtpSink.js";
import { sheetSyncFromEngine } from "../sheets/port.js";
import { parseConfig } from "../src/config.js";
import { createMailer } from "../src/mail/transport.js";
import { firestore } from "../src/store/db.js";

export interface TriggeredJob {
  projectId: string;
  firestoreHost: string;
  sheetsUrl: string;
}

/** What the bench waits for: these records' change events handled and this many emails sent. */
export interface Expected {
  records: string[];
  mails: number;
}

export interface TriggeredWork {
  /** Resolves once everything expected is done and no event is in flight (or after `limitMs`, short). */
  done(expected: Expected, limitMs?: number): Promise<{ mailsSent: number; recordsHandled: number; complete: boolean }>;
  stop(): Promise<void>;
}

let registered = 0;
/** A function behind its own Functions Framework server on a free port of this machine. */
export async function serve(kind: "http" | "event", handler: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const name = `bench_${kind}_${++registered}`;
  if (kind === "http") http(name, handler as HttpFunction);
  else cloudEvent(name, handler as Parameters<typeof cloudEvent>[1]);
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The triggered functions, the relay and the mail sink, in this process. */
export async function startTriggeredWork(job: TriggeredJob): Promise<TriggeredWork> {
  const db = firestore(job.projectId);
  const sheets = new sheets_v4.Sheets({ rootUrl: `${job.sheetsUrl}/`, auth: "bench", retry: false });
  const sync = sheetSyncFromEngine({ db, sheets });
  const sink = await startSmtpSink({ port: 0, folder: mkdtempSync(join(tmpdir(), "labinov-bench-mail-")) });
  const mailer = createMailer(parseConfig({ SMTP_URL: sink.smtpUrl }));
  // Which records' events recordChanged has handled (their sync done), by document id.
  const handled = new Set<string>();
  const recordChanged = recordChangedHandler(() => ({ db, sync }));
  const servers = {
    syncRequested: await serve("event", syncRequestedHandler(() => ({ db, sync }))),
    recordChanged: await serve("event", async (event: CloudEvent<unknown>) => {
      await recordChanged(event);
      handled.add(String(event.subject ?? "").split("/").at(-1) ?? "");
    }),
    mailQueued: await serve("event", mailQueuedHandler(() => ({ db, mailer }))),
  };
  const relay = relayFirestoreEvents(db, job.projectId, { innovations: servers.recordChanged.url, sheetSyncRequests: servers.syncRequested.url, mailOutbox: servers.mailQueued.url });
  await relay.listening;
  return {
    async done(expected, limitMs = 300_000) {
      const deadline = performance.now() + limitMs;
      // The last writes' snapshots may still be on their way to the relay: check, settle, check again.
      for (;;) {
        await relay.idle();
        const mailsSent = (await sink.messages()).length;
        const complete = mailsSent >= expected.mails && expected.records.every((id) => handled.has(id));
        if (complete || performance.now() > deadline) return { mailsSent, recordsHandled: handled.size, complete };
        await wait(20);
      }
    },
    async stop() {
      relay.stop();
      await relay.idle();
      await Promise.all(Object.values(servers).map((server) => server.close()));
      mailer.close?.();
      await sink.stop();
      await db.terminate();
    },
  };
}

type Reply = { ready: true } | { done: Awaited<ReturnType<TriggeredWork["done"]>> } | { stopped: true } | { failed: string };

/** The same work in a child process: other instances, as in production; same emulators. */
export async function spawnTriggeredWork(job: TriggeredJob): Promise<TriggeredWork> {
  const child = fork(await bundledEntry(import.meta.url), [JSON.stringify(job)], {
    env: { ...process.env, FIRESTORE_EMULATOR_HOST: job.firestoreHost, GOOGLE_CLOUD_PROJECT: job.projectId },
    // Plain Node on the bundle, not the bench's own tsx loader.
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const replies: Reply[] = [];
  let waiting: ((reply: Reply) => void) | undefined;
  child.on("message", (reply: Reply) => (waiting ? waiting(reply) : replies.push(reply)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      const queued = replies.shift();
      if (queued) return resolve(queued);
      const gone = () => reject(new Error("the triggered-work process ended early"));
      child.once("exit", gone);
      waiting = (reply) => {
        waiting = undefined;
        child.off("exit", gone);
        resolve(reply);
      };
    });
  const expect = async <K extends string>(key: K) => {
    const reply = await next();
    if ("failed" in reply) throw new Error(`triggered-work process: ${reply.failed}`);
    if (!(key in reply)) throw new Error(`triggered-work process answered ${JSON.stringify(reply)}, expected ${key}`);
    return reply;
  };
  await expect("ready");
  return {
    async done(expected, limitMs) {
      child.send({ done: expected, limitMs });
      return ((await expect("done")) as { done: Awaited<ReturnType<TriggeredWork["done"]>> }).done;
    },
    async stop() {
      child.send({ stop: true });
      await expect("stopped");
      await exited;
    },
  };
}

async function serveParent(job: TriggeredJob): Promise<void> {
  const send = (reply: Reply) => process.send!(reply);
  let work: TriggeredWork;
  try {
    work = await startTriggeredWork(job);
  } catch (error) {
    send({ failed: String(error) });
    return;
  }
  process.on("message", (message: { done?: Expected; limitMs?: number; stop?: true }) => {
    const answer = message.done ? work.done(message.done, message.limitMs).then((done) => ({ done })) : work.stop().then(() => ({ stopped: true as const }));
    answer.then(
      (reply) => {
        send(reply);
        if ("stopped" in reply) process.disconnect();
      },
      (error: unknown) => send({ failed: String(error) }),
    );
  });
  send({ ready: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serveParent(JSON.parse(process.argv[2] ?? "{}") as TriggeredJob);
