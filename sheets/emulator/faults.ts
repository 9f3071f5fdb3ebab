// Fault injection per API method: an error status (429 with Google's quota body, 500, 503),
// added latency, or a dropped connection; on every call, at a rate, or on the Nth call.
// `afterApply` models a request that Google applied but whose answer never reached the
// client: the change is made, then the connection is dropped ("drop") or held open with no
// answer until the client gives up ("hang").
import { ApiError, internalError, invalidArgument, quotaExceeded, unavailable } from "./errors.js";

export interface FaultSpec {
  /** API method name as in `counters`, e.g. "spreadsheets.values.batchUpdate", or "*". */
  method: string;
  status?: 429 | 500 | 503 | number;
  latencyMs?: number;
  /** Destroys the socket without an answer. */
  drop?: boolean;
  /** Fires on the Nth matching call after injection (1-based), once. */
  nth?: number;
  /** Fires with this probability (0..1) on each matching call. */
  rate?: number;
  /** How many times it may fire; default once with `nth`, unlimited otherwise. */
  times?: number;
  /**
   * Applies the request, then loses the answer: "drop" destroys the socket, "hang" keeps it
   * open without answering until the client closes it (its timeout). "dropMidAnswer" and
   * "hangMidAnswer" do the same after the status, the headers and the first half of the body
   * were sent (a connection lost while a large answer streams). Takes precedence over `status`
   * and `drop`, which would stop the request before it is applied.
   */
  afterApply?: AfterApply;
}

export type AfterApply = "drop" | "hang" | "dropMidAnswer" | "hangMidAnswer";
const AFTER_APPLY: readonly string[] = ["drop", "hang", "dropMidAnswer", "hangMidAnswer"] satisfies AfterApply[];

const FAULT_KEYS = new Set(["method", "status", "latencyMs", "drop", "nth", "rate", "times", "afterApply"]);

/** Checks a FaultSpec that came as JSON (the HTTP control surface); returns an error text or the spec. */
export function parseFaultSpec(input: unknown): FaultSpec | string {
  if (!input || typeof input !== "object" || Array.isArray(input)) return "a fault is a JSON object";
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!FAULT_KEYS.has(key)) return `unknown fault field "${key}"`;
  if (typeof o.method !== "string" || o.method === "") return `"method" must be a method name or "*"`;
  const num = (k: string, min: number, max = Infinity): string | undefined =>
    o[k] !== undefined && (typeof o[k] !== "number" || !Number.isFinite(o[k]) || (o[k] as number) < min || (o[k] as number) > max)
      ? `"${k}" must be a number from ${min}${max === Infinity ? "" : ` to ${max}`}`
      : undefined;
  const problem = num("status", 100, 599) ?? num("latencyMs", 0) ?? num("nth", 1) ?? num("rate", 0, 1) ?? num("times", 1);
  if (problem) return problem;
  if (o.drop !== undefined && typeof o.drop !== "boolean") return `"drop" must be true or false`;
  if (o.afterApply !== undefined && !AFTER_APPLY.includes(o.afterApply as string)) return `"afterApply" must be "drop", "hang", "dropMidAnswer" or "hangMidAnswer"`;
  return o as unknown as FaultSpec;
}

export interface FaultAction {
  latencyMs: number;
  drop: boolean;
  error?: ApiError;
  afterApply?: AfterApply;
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

export function faultError(status: number): ApiError {
  if (status === 429) return quotaExceeded("read", "user", 60);
  if (status === 500) return internalError();
  if (status === 503) return unavailable();
  // Google's status word for a 400 (google.rpc.Code INVALID_ARGUMENT), as Sheets answers a bad request.
  if (status === 400) return invalidArgument(`Injected fault ${status}.`);
  return new ApiError(status, "UNKNOWN", `Injected fault ${status}.`);
}

export class Faults {
  private active: ActiveFault[] = [];
  random: () => number = Math.random;

  inject(spec: FaultSpec): void {
    this.active.push({ spec, seen: 0, fired: 0 });
  }

  clear(method?: string): void {
    this.active = method ? this.active.filter((f) => f.spec.method !== method) : [];
  }

  list(): FaultSpec[] {
    return this.active.map((f) => f.spec);
  }

  /** Decides what happens to this call; every matching fault sees the call. */
  next(method: string, group: "read" | "write"): FaultAction {
    const action: FaultAction = { latencyMs: 0, drop: false };
    for (const fault of this.active) {
      const { spec } = fault;
      if (spec.method !== "*" && spec.method !== method) continue;
      fault.seen++;
      const limit = spec.times ?? (spec.nth !== undefined ? 1 : Infinity);
      if (fault.fired >= limit) continue;
      const fires = spec.nth !== undefined ? fault.seen >= spec.nth : spec.rate !== undefined ? this.random() < spec.rate : true;
      if (!fires) continue;
      fault.fired++;
      action.latencyMs += spec.latencyMs ?? 0;
      if (spec.afterApply) {
        action.afterApply ??= spec.afterApply;
        continue;
      }
      if (spec.drop) action.drop = true;
      if (spec.status !== undefined && !action.error) {
        action.error = spec.status === 429 ? quotaExceeded(group, "user", 60) : faultError(spec.status);
      }
    }
    return action;
  }
}
