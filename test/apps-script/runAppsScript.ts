// Runs sheets/apps-script/Code.gs under Node, in a worker thread with small shims of the
// Apps Script services it calls. Apps Script's runtime exists only on Google's servers, so
// shims are the only way to execute the script here; they do what the real services do
// for the calls Code.gs makes: Utilities.computeHmacSha256Signature returns *signed* bytes
// (-128..127) as Apps Script does; UrlFetchApp.fetch is synchronous there, so the worker
// blocks (Atomics.wait) while this thread makes the real HTTP request to the function.
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
}

export interface FormResponseData {
  formId: string;
  responseId: string;
  timestamp: string;
  respondentEmail: string;
  items: { title: string; response: string | string[] }[];
}

export type ScriptCall = { fn: "labinovOnEdit"; edit: EditEventData } | { fn: "labinovOnFormSubmit"; form: FormResponseData } | { fn: "labinovKirimUlangAntrean"; form?: FormResponseData };

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

function fetchSync(url, options) {
  Atomics.store(signal, 0, 0);
  parentPort.postMessage({ type: "fetch", url, options });
  Atomics.wait(signal, 0, 0);
  const reply = JSON.parse(Buffer.from(buffer.slice(0, signal[1])).toString("utf8"));
  if (reply.error) throw new Error("Alamat tidak tersedia: " + reply.error);
  return { getResponseCode: () => reply.status, getContentText: () => reply.body };
}

function range(d) {
  return {
    getRow: () => d.row, getColumn: () => d.column, getNumRows: () => d.numRows, getNumColumns: () => d.numColumns,
    getSheet: () => ({ getName: () => d.sheetName }),
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
      setProperty: (key, value) => { properties.set(key, String(value)); },
      deleteProperty: (key) => { properties.delete(key); },
      getProperties: () => Object.fromEntries(properties),
    }),
  },
  FormApp: { getActiveForm: () => activeForm },
});
vm.runInContext(workerData.source, context, { filename: "Code.gs" });

try {
  for (const call of workerData.calls) {
    if (call.form) {
      const response = formResponse(call.form);
      activeForm = { getId: () => call.form.formId, getResponse: (id) => (id === call.form.responseId ? response : null) };
    }
    if (call.fn === "labinovOnEdit") {
      const e = call.edit;
      context.labinovOnEdit({ source: { getId: () => e.spreadsheetId }, range: range(e), user: e.user ? { getEmail: () => e.user } : undefined });
    } else if (call.fn === "labinovOnFormSubmit") {
      context.labinovOnFormSubmit({ response: activeForm.getResponse(call.form.responseId) });
    } else {
      context[call.fn]();
    }
  }
  parentPort.postMessage({ type: "done", logs, properties: Object.fromEntries(properties) });
} catch (error) {
  parentPort.postMessage({ type: "failed", error: String(error && error.stack || error), logs });
}
`;

export function runAppsScript(properties: Record<string, string>, calls: ScriptCall[]): Promise<ScriptRun> {
  const signal = new SharedArrayBuffer(8);
  const buffer = new SharedArrayBuffer(1024 * 1024);
  const flags = new Int32Array(signal);
  const bytes = new Uint8Array(buffer);
  const fetches: FetchSeen[] = [];
  const worker = new Worker(WORKER, { eval: true, workerData: { source: SOURCE, properties, calls, signal, buffer } });

  const reply = (value: object) => {
    const encoded = Buffer.from(JSON.stringify(value), "utf8");
    bytes.set(encoded);
    flags[1] = encoded.length;
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  };

  return new Promise((resolve, reject) => {
    worker.on("error", reject);
    worker.on("message", (message: { type: string; url: string; options: Record<string, unknown>; logs: [string, string][]; properties: Record<string, string>; error?: string }) => {
      if (message.type === "fetch") {
        const { options } = message;
        // What UrlFetchApp sends for these options: contentType becomes Content-Type, payload the body.
        const headers = { ...(options.headers as Record<string, string>), "content-type": String(options.contentType) };
        const body = String(options.payload);
        fetch(message.url, { method: String(options.method).toUpperCase(), headers, body, redirect: "manual" })
          .then(async (response) => {
            const text = await response.text();
            fetches.push({ url: message.url, headers, body, status: response.status });
            reply({ status: response.status, body: text });
          })
          .catch((error: unknown) => reply({ error: String(error) }));
      } else if (message.type === "done") {
        void worker.terminate();
        resolve({ logs: message.logs, properties: message.properties, fetches });
      } else {
        void worker.terminate();
        reject(new Error(`Code.gs gagal: ${message.error}\n${JSON.stringify(message.logs)}`));
      }
    });
  });
}
