// Runs sheets/apps-script/Code.gs under Node, in a worker thread with small shims of the
// Apps Script services it calls. Apps Script's runtime exists only on Google's servers, so
// shims are the only way to execute the script here; they do what the real services do
// for the calls Code.gs makes: Utilities.computeHmacSha256Signature returns *signed* bytes
// (-128..127) as Apps Script does; UrlFetchApp.fetch is synchronous there, so the worker
// blocks (Atomics.wait) while this thread makes the real HTTP request to the function.
// CacheService and LockService are shared by every execution of one script, so they live in
// this thread (ScriptServices) and several workers may run at once against them, as thirty
// trigger executions do. PropertiesService refuses writes past Google's 9 KB per value and
// 500 KB per store; ScriptApp keeps each user's triggers apart, as getProjectTriggers() does.
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

export interface EditEventData {
  spreadsheetId: string;
  sheetName: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  user?: string;
  /** The tab's values behind the edit, row 1 the header (what getValues would read). */
  grid?: (string | number | boolean | null)[][];
}

export interface FormResponseData {
  formId: string;
  responseId: string;
  timestamp: string;
  respondentEmail: string;
  /** The form's email setting (FormApp.EmailCollectionType); unset: the form predates getEmailCollectionType and it throws. */
  emailCollection?: "DO_NOT_COLLECT" | "VERIFIED" | "RESPONDER_INPUT";
  items: { title: string; response: string | string[] }[];
}

export interface ChangeEventData {
  spreadsheetId: string;
  sheetName: string;
  changeType: string;
  user?: string;
}

export type ScriptCall =
  | { fn: "labinovOnEdit"; edit: EditEventData }
  | { fn: "labinovOnChange"; change: ChangeEventData }
  | { fn: "labinovOnFormSubmit"; form: FormResponseData }
  | { fn: "labinovKirimUlangAntrean"; form?: FormResponseData }
  /** Any other function of Code.gs, e.g. labinovPasangPemicu; its return value is kept. */
  | { fn: "call"; name: string; args?: unknown[] };

export interface TriggerData {
  handler: string;
  kind: string;
}

/** State one script's executions share: Script Cache and the script lock. */
export interface ScriptServices {
  cache: Map<string, { value: string; expiresAt: number }>;
  lock: { holder: number | null; waiters: { worker: number; grant: () => void }[] };
}

export function scriptServices(): ScriptServices {
  return { cache: new Map(), lock: { holder: null, waiters: [] } };
}

export interface RunOptions {
  services?: ScriptServices;
  /** The account the execution runs as (Session.getEffectiveUser / getActiveUser). */
  user?: string;
  /** Each user's installed triggers, as left by an earlier run. */
  triggers?: Record<string, TriggerData[]>;
  /** The container spreadsheet (SpreadsheetApp.getActiveSpreadsheet), when the script is bound to one. */
  spreadsheet?: { id: string; sheetName: string };
  /** Property store limit in bytes (Google: 500 KB). */
  propertyStoreBytes?: number;
  /** Awaited before each UrlFetchApp request leaves: lets a test hold one request in flight. */
  beforeFetch?: (url: string, body: string) => Promise<void>;
}

export interface FetchSeen {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface ScriptRun {
  logs: [string, string][];
  properties: Record<string, string>;
  fetches: FetchSeen[];
  triggers: Record<string, TriggerData[]>;
  /** What each call returned (JSON), in order. */
  results: unknown[];
}

interface WorkerMessage {
  type: string;
  op?: string;
  key?: string;
  value?: string;
  seconds?: number;
  timeoutMs?: number;
  url: string;
  options: Record<string, unknown>;
  logs: [string, string][];
  properties: Record<string, string>;
  triggers: Record<string, TriggerData[]>;
  results: unknown[];
  error?: string;
}

const SOURCE = readFileSync(new URL("../../sheets/apps-script/Code.gs", import.meta.url), "utf8");

const WORKER = String.raw`
const { workerData, parentPort } = require("node:worker_threads");
const vm = require("node:vm");
const crypto = require("node:crypto");
const signal = new Int32Array(workerData.signal);
const buffer = new Uint8Array(workerData.buffer);
const properties = new Map(Object.entries(workerData.properties));
const logs = [];

const user = workerData.user;
const triggers = workerData.triggers;
let triggerIds = 0;

function callMain(message) {
  Atomics.store(signal, 0, 0);
  parentPort.postMessage(message);
  Atomics.wait(signal, 0, 0);
  return JSON.parse(Buffer.from(buffer.slice(0, signal[1])).toString("utf8"));
}

function fetchSync(url, options) {
  const reply = callMain({ type: "fetch", url, options });
  if (reply.error) throw new Error("Alamat tidak tersedia: " + reply.error);
  return { getResponseCode: () => reply.status, getContentText: () => reply.body };
}

// Google's limits and messages for the property store.
function storeSize(map) {
  let bytes = 0;
  for (const [key, value] of map) bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  return bytes;
}
function setProperty(key, value) {
  value = String(value);
  if (Buffer.byteLength(value) > 9 * 1024) throw new Error("Argument too large: value");
  const next = new Map(properties);
  next.set(key, value);
  if (storeSize(next) > workerData.propertyStoreBytes) throw new Error("You have exceeded the property storage quota. Please remove some properties and try again.");
  properties.set(key, value);
}

function lockService() {
  let held = false;
  const acquire = (ms) => {
    if (held) return true;
    held = callMain({ type: "lock", op: "acquire", timeoutMs: ms }).granted;
    return held;
  };
  return {
    tryLock: (ms) => acquire(ms),
    waitLock: (ms) => {
      if (!acquire(ms)) throw new Error("Lock timeout: another process was holding the lock for too long.");
    },
    hasLock: () => held,
    releaseLock: () => {
      if (held) callMain({ type: "lock", op: "release" });
      held = false;
    },
  };
}

function triggerBuilder(handler) {
  const create = (kind) => ({
    create: () => {
      const mine = (triggers[user] ??= []);
      if (mine.length >= 20) throw new Error("This script has too many triggers. Triggers must be deleted from the script before more can be added.");
      mine.push({ handler, kind });
      return { getHandlerFunction: () => handler };
    },
  });
  return {
    forSpreadsheet: () => ({ onEdit: () => create("edit"), onChange: () => create("change"), onOpen: () => create("open") }),
    forForm: () => ({ onFormSubmit: () => create("formSubmit") }),
    timeBased: () => ({ everyMinutes: (n) => create("every" + n + "min") }),
  };
}

// A tab as given (grid: rows of values, row 1 the header) behind the edited range.
function range(d) {
  const grid = d.grid ?? [];
  const block = (row, column, rows, columns) => Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => grid[row - 1 + r]?.[column - 1 + c] ?? ""));
  return {
    getRow: () => d.row, getColumn: () => d.column, getNumRows: () => d.numRows, getNumColumns: () => d.numColumns,
    getValues: () => block(d.row, d.column, d.numRows, d.numColumns),
    getSheet: () => ({
      getName: () => d.sheetName,
      getLastColumn: () => Math.max(0, ...grid.map((line) => line.length)),
      getRange: (row, column, rows, columns) => ({ getValues: () => block(row, column, rows, columns) }),
    }),
  };
}

function formResponse(d) {
  return {
    getId: () => d.responseId,
    getTimestamp: () => new Date(d.timestamp),
    getRespondentEmail: () => d.respondentEmail,
    getItemResponses: () => d.items.map((item) => ({ getItem: () => ({ getTitle: () => item.title }), getResponse: () => item.response })),
  };
}

let activeForm = null;
const context = vm.createContext({
  console: {
    log: (m) => logs.push(["log", String(m)]),
    warn: (m) => logs.push(["warn", String(m)]),
    error: (m) => logs.push(["error", String(m)]),
  },
  Utilities: {
    Charset: { UTF_8: "UTF_8", US_ASCII: "US_ASCII" },
    computeHmacSha256Signature(value, key, charset) {
      if (charset !== undefined && charset !== "UTF_8") throw new Error("charset tak terduga: " + charset);
      const digest = crypto.createHmac("sha256", Buffer.from(key, "utf8")).update(Buffer.from(value, "utf8")).digest();
      return Array.from(digest, (b) => (b > 127 ? b - 256 : b));
    },
    getUuid: () => crypto.randomUUID(),
  },
  UrlFetchApp: { fetch: fetchSync },
  PropertiesService: {
    getScriptProperties: () => ({
      getProperty: (key) => (properties.has(key) ? properties.get(key) : null),
      setProperty: (key, value) => { setProperty(key, value); },
      deleteProperty: (key) => { properties.delete(key); },
      getProperties: () => Object.fromEntries(properties),
    }),
  },
  CacheService: {
    getScriptCache: () => ({
      get: (key) => callMain({ type: "cache", op: "get", key }).value,
      put: (key, value, seconds) => { callMain({ type: "cache", op: "put", key, value: String(value), seconds: seconds ?? 600 }); },
      remove: (key) => { callMain({ type: "cache", op: "remove", key }); },
    }),
  },
  LockService: { getScriptLock: lockService },
  Session: {
    getEffectiveUser: () => ({ getEmail: () => user }),
    getActiveUser: () => ({ getEmail: () => user }),
  },
  ScriptApp: {
    getProjectTriggers: () => (triggers[user] ?? []).map((trigger) => ({ getHandlerFunction: () => trigger.handler, _data: trigger })),
    deleteTrigger: (trigger) => { triggers[user] = (triggers[user] ?? []).filter((candidate) => candidate !== trigger._data); },
    newTrigger: triggerBuilder,
  },
  SpreadsheetApp: {
    getActiveSpreadsheet: () => {
      if (!workerData.spreadsheet) throw new Error("Tidak ada spreadsheet aktif");
      return { getId: () => workerData.spreadsheet.id, getActiveSheet: () => ({ getName: () => workerData.spreadsheet.sheetName }) };
    },
    getUi: () => { throw new Error("Cannot call SpreadsheetApp.getUi() from this context."); },
  },
  FormApp: {
    EmailCollectionType: { DO_NOT_COLLECT: "DO_NOT_COLLECT", VERIFIED: "VERIFIED", RESPONDER_INPUT: "RESPONDER_INPUT" },
    getActiveForm: () => activeForm, getUi: () => { throw new Error("Cannot call FormApp.getUi() from this context."); } },
});
const results = [];
vm.runInContext(workerData.source, context, { filename: "Code.gs" });

try {
  for (const call of workerData.calls) {
    if (call.form) {
      const response = formResponse(call.form);
      activeForm = {
        getId: () => call.form.formId,
        getResponse: (id) => (id === call.form.responseId ? response : null),
        getEmailCollectionType: () => {
          if (!call.form.emailCollection) throw new TypeError("form.getEmailCollectionType is not a function");
          return call.form.emailCollection;
        },
      };
    }
    let result;
    if (call.fn === "labinovOnEdit") {
      const e = call.edit;
      result = context.labinovOnEdit({ source: { getId: () => e.spreadsheetId }, range: range(e), user: e.user ? { getEmail: () => e.user } : undefined });
    } else if (call.fn === "labinovOnChange") {
      const c = call.change;
      const source = { getId: () => c.spreadsheetId, getActiveSheet: () => ({ getName: () => c.sheetName }) };
      result = context.labinovOnChange({ changeType: c.changeType, source, user: c.user ? { getEmail: () => c.user } : undefined });
    } else if (call.fn === "labinovOnFormSubmit") {
      result = context.labinovOnFormSubmit({ response: activeForm.getResponse(call.form.responseId) });
    } else if (call.fn === "call") {
      result = context[call.name](...(call.args ?? []));
    } else {
      result = context[call.fn]();
    }
    results.push(result === undefined ? null : JSON.parse(JSON.stringify(result)));
  }
  parentPort.postMessage({ type: "done", logs, properties: Object.fromEntries(properties), triggers, results });
} catch (error) {
  parentPort.postMessage({ type: "failed", error: String(error && error.stack || error), logs });
}
`;

let workers = 0;

/** The script lock: first come, first served; a waiter past its timeout is answered false. */
function acquireLock(services: ScriptServices, worker: number, timeoutMs: number, answer: (granted: boolean) => void): void {
  const { lock } = services;
  if (lock.holder === null) {
    lock.holder = worker;
    answer(true);
    return;
  }
  const waiter = {
    worker,
    grant: () => {
      clearTimeout(timer);
      lock.holder = worker;
      answer(true);
    },
  };
  const timer = setTimeout(() => {
    lock.waiters = lock.waiters.filter((candidate) => candidate !== waiter);
    answer(false);
  }, timeoutMs);
  lock.waiters.push(waiter);
}

function releaseLock(services: ScriptServices, worker: number): void {
  const { lock } = services;
  if (lock.holder !== worker) return;
  lock.holder = null;
  lock.waiters.shift()?.grant();
}

export function runAppsScript(properties: Record<string, string>, calls: ScriptCall[], runOptions: RunOptions = {}): Promise<ScriptRun> {
  const services = runOptions.services ?? scriptServices();
  const id = ++workers;
  const signal = new SharedArrayBuffer(8);
  const buffer = new SharedArrayBuffer(1024 * 1024);
  const flags = new Int32Array(signal);
  const bytes = new Uint8Array(buffer);
  const fetches: FetchSeen[] = [];
  const workerData = {
    source: SOURCE,
    properties,
    calls,
    signal,
    buffer,
    user: runOptions.user ?? "koordinator@probolinggokota.go.id",
    triggers: structuredClone(runOptions.triggers ?? {}),
    spreadsheet: runOptions.spreadsheet ?? null,
    propertyStoreBytes: runOptions.propertyStoreBytes ?? 500 * 1024,
  };
  const worker = new Worker(WORKER, { eval: true, workerData });

  const reply = (value: object) => {
    const encoded = Buffer.from(JSON.stringify(value), "utf8");
    bytes.set(encoded);
    flags[1] = encoded.length;
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  };

  return new Promise((resolve, reject) => {
    worker.on("error", reject);
    worker.on("error", () => releaseLock(services, id));
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "cache") {
        const entry = services.cache.get(message.key!);
        if (message.op === "get") reply({ value: entry && entry.expiresAt > Date.now() ? entry.value : null });
        else {
          if (message.op === "put") services.cache.set(message.key!, { value: message.value!, expiresAt: Date.now() + message.seconds! * 1000 });
          else services.cache.delete(message.key!);
          reply({});
        }
      } else if (message.type === "lock") {
        if (message.op === "acquire") acquireLock(services, id, message.timeoutMs!, (granted) => reply({ granted }));
        else {
          releaseLock(services, id);
          reply({});
        }
      } else if (message.type === "fetch") {
        const { options } = message;
        // What UrlFetchApp sends for these options: contentType becomes Content-Type, payload the body.
        const headers = { ...(options.headers as Record<string, string>), "content-type": String(options.contentType) };
        const body = String(options.payload);
        (runOptions.beforeFetch?.(message.url, body) ?? Promise.resolve())
          .then(() => fetch(message.url, { method: String(options.method).toUpperCase(), headers, body, redirect: "manual" })
          .then(async (response) => {
            const text = await response.text();
            fetches.push({ url: message.url, headers, body, status: response.status });
            reply({ status: response.status, body: text });
          }))
          .catch((error: unknown) => reply({ error: String(error) }));
      } else if (message.type === "done") {
        releaseLock(services, id);
        void worker.terminate();
        resolve({ logs: message.logs, properties: message.properties, fetches, triggers: message.triggers, results: message.results });
      } else {
        releaseLock(services, id);
        void worker.terminate();
        reject(new Error(`Code.gs gagal: ${message.error}\n${JSON.stringify(message.logs)}`));
      }
    });
  });
}
