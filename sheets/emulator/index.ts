// startSheetsEmulator: the local Google Sheets API v4 (and Drive create/delete) in-process.
// Point the real client at it: new sheets_v4.Sheets({ rootUrl: url + "/", auth }).
import type { AddressInfo } from "node:net";
import { Faults } from "./faults.js";
import { Hooks } from "./hooks.js";
import { loadState, saveState } from "./persistence.js";
import { Quota } from "./quota.js";
import { createEmulatorServer, type EmulatorState, type RequestLogEntry } from "./server.js";
import type { SpreadsheetState } from "./model.js";
import { createViewHandler, type EditWebhook, type ViewOptions, type WebhookDelivery } from "./viewPage.js";

export type { FaultSpec } from "./faults.js";
export type { QuotaOptions } from "./quota.js";
export type { EditNotice, EditWebhook, ViewOptions, WebhookDelivery } from "./viewPage.js";
export type { RequestLogEntry } from "./server.js";
export type { HookCall, HookFn } from "./hooks.js";

export interface SheetsEmulatorOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  host?: string;
  /** JSON file that keeps spreadsheets across restarts. */
  persistPath?: string;
  /** Where a change made on /view/<id> is posted as an EditNotice (optionally signed by `sign`). */
  editWebhook?: EditWebhook;
  /** How /view/<id> draws a tab, e.g. which header columns stay in view. */
  view?: ViewOptions;
}

export interface SheetsEmulator {
  url: string;
  stop(): Promise<void>;
  requestLog: RequestLogEntry[];
  /** Calls per API method, e.g. counters["spreadsheets.values.batchGet"]. */
  counters: Record<string, number>;
  faults: Faults;
  quota: Quota;
  /** beforeApply(method, fn) / afterApply(method, fn): async callbacks at a request boundary. */
  hooks: Hooks;
  webhookDeliveries: WebhookDelivery[];
  spreadsheets: Map<string, SpreadsheetState>;
  /** Clears the log, counters, faults, quota windows and webhook deliveries (not the data). */
  reset(): void;
  /** Also forgets every spreadsheet. */
  wipe(): void;
}

export async function startSheetsEmulator(options: SheetsEmulatorOptions = {}): Promise<SheetsEmulator> {
  const books = options.persistPath ? loadState(options.persistPath) : new Map<string, SpreadsheetState>();
  const deliveries: WebhookDelivery[] = [];
  const hooks = new Hooks();
  const state: EmulatorState = {
    books,
    requestLog: [],
    counters: {},
    faults: new Faults(),
    quota: new Quota(),
    hooks,
    onChange: () => {
      if (options.persistPath) saveState(options.persistPath, books);
    },
  };
  state.viewHandler = createViewHandler({
    books,
    webhook: options.editWebhook,
    deliveries,
    onChange: () => state.onChange(),
    options: options.view,
  });
  const server = createEmulatorServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const reset = (): void => {
    state.requestLog.length = 0;
    for (const key of Object.keys(state.counters)) delete state.counters[key];
    state.faults.clear();
    state.quota.reset();
    deliveries.length = 0;
  };
  const wipe = (): void => {
    reset();
    books.clear();
    state.onChange();
  };
  state.reset = reset;
  state.wipe = wipe;
  return {
    url,
    requestLog: state.requestLog,
    counters: state.counters,
    faults: state.faults,
    quota: state.quota,
    hooks,
    webhookDeliveries: deliveries,
    spreadsheets: books,
    reset,
    wipe,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
