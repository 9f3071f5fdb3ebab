// The emulator's own control surface over HTTP, under the reserved prefix /__emulator/ (the
// way WireMock serves /__admin/ and LocalStack /_localstack/), so tests in any language can
// drive it. Answers are plain JSON; errors are {"error": {"code", "message"}}.
//
//   POST   /__emulator/faults     FaultSpec JSON (or an array of them), as faults.inject
//   GET    /__emulator/faults     the active faults
//   DELETE /__emulator/faults     clears them (?method=NAME clears that method's only)
//   POST   /__emulator/reset      clears log, counters, faults, quota windows; {"spreadsheets": true} also forgets the data
//   GET    /__emulator/requests   the request log (?method=NAME keeps that method's entries)
//   DELETE /__emulator/requests   clears the request log
//   GET    /__emulator/counters   calls per API method
//   GET    /__emulator/quota      the quota settings
//   POST   /__emulator/quota      {"enabled": true, "perUserPerMinute"?, "perProjectPerMinute"?} or {"enabled": false}
import { parseFaultSpec, type FaultSpec } from "./faults.js";
import type { Json, JsonObject } from "./model.js";
import type { EmulatorState } from "./server.js";

export interface ControlAnswer {
  status: number;
  body: Json;
}

const fail = (status: number, message: string): ControlAnswer => ({ status, body: { error: { code: status, message } } });

function parse(raw: string): { value?: unknown; error?: ControlAnswer } {
  if (raw.trim() === "") return { value: {} };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { error: fail(400, "the body is not JSON") };
  }
}

function quotaJson(state: EmulatorState): JsonObject {
  const q = state.quota;
  return { enabled: q.enabled, perUserPerMinute: q.perUserPerMinute, perProjectPerMinute: q.perProjectPerMinute };
}

export function defaultReset(state: EmulatorState): void {
  state.requestLog.length = 0;
  for (const key of Object.keys(state.counters)) delete state.counters[key];
  state.faults.clear();
  state.quota.reset();
}

export function handleControl(state: EmulatorState, method: string, path: string, raw: string, query: URLSearchParams): ControlAnswer {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET faults":
      return { status: 200, body: { faults: state.faults.list() as unknown as Json[] } };
    case "POST faults": {
      const { value, error } = parse(raw);
      if (error) return error;
      const specs: FaultSpec[] = [];
      for (const item of Array.isArray(value) ? value : [value]) {
        const spec = parseFaultSpec(item);
        if (typeof spec === "string") return fail(400, spec);
        specs.push(spec);
      }
      for (const spec of specs) state.faults.inject(spec);
      return { status: 200, body: { faults: state.faults.list() as unknown as Json[] } };
    }
    case "DELETE faults":
      state.faults.clear(query.get("method") ?? undefined);
      return { status: 200, body: { faults: state.faults.list() as unknown as Json[] } };
    case "POST reset": {
      const { value, error } = parse(raw);
      if (error) return error;
      if (state.reset) state.reset();
      else defaultReset(state);
      const wipe = (value as { spreadsheets?: unknown } | null)?.spreadsheets === true;
      if (wipe) {
        if (state.wipe) state.wipe();
        else {
          state.books.clear();
          state.onChange();
        }
      }
      return { status: 200, body: { reset: true, spreadsheets: wipe } };
    }
    case "GET requests": {
      const method = query.get("method");
      const requests = method ? state.requestLog.filter((e) => e.method === method) : state.requestLog;
      return { status: 200, body: { requests: requests as unknown as Json[] } };
    }
    case "DELETE requests":
      state.requestLog.length = 0;
      return { status: 200, body: { requests: [] } };
    case "GET counters":
      return { status: 200, body: { counters: { ...state.counters } } };
    case "GET quota":
      return { status: 200, body: quotaJson(state) };
    case "POST quota": {
      const { value, error } = parse(raw);
      if (error) return error;
      const o = (value ?? {}) as Record<string, unknown>;
      if (typeof o.enabled !== "boolean") return fail(400, `"enabled" must be true or false`);
      for (const key of ["perUserPerMinute", "perProjectPerMinute"]) {
        if (o[key] !== undefined && !(typeof o[key] === "number" && Number.isInteger(o[key]) && o[key] > 0)) return fail(400, `"${key}" must be a positive integer`);
      }
      if (o.enabled) state.quota.enable({ perUserPerMinute: o.perUserPerMinute as number | undefined, perProjectPerMinute: o.perProjectPerMinute as number | undefined });
      else state.quota.disable();
      return { status: 200, body: quotaJson(state) };
    }
    default:
      return fail(404, `no control endpoint ${method} /__emulator/${path}`);
  }
}
