// Test hooks at a request boundary, for engineers who run the emulator in-process:
// `beforeApply` runs once the request is routed and before it changes anything; `afterApply`
// runs after it was applied and before it is answered. A callback may be async (the request
// waits) and may throw (the request is answered 500, like an internal error at Google).
// `method` is a counter name such as "spreadsheets.values.update", or "*".

export interface HookCall {
  method: string;
  /** The spreadsheet the request names, when it names one. */
  spreadsheetId?: string;
  /** The request's JSON body ({} when it had none). */
  body: unknown;
}

export type HookFn = (call: HookCall) => void | Promise<void>;

export class Hooks {
  private readonly before: { method: string; fn: HookFn }[] = [];
  private readonly after: { method: string; fn: HookFn }[] = [];

  /** Runs `fn` before each matching request is applied; returns the unsubscribe. */
  beforeApply(method: string, fn: HookFn): () => void {
    return this.add(this.before, method, fn);
  }

  /** Runs `fn` after each matching request is applied, before it is answered; returns the unsubscribe. */
  afterApply(method: string, fn: HookFn): () => void {
    return this.add(this.after, method, fn);
  }

  clear(): void {
    this.before.length = 0;
    this.after.length = 0;
  }

  async run(phase: "before" | "after", call: HookCall): Promise<void> {
    const list = phase === "before" ? this.before : this.after;
    for (const hook of [...list]) if (hook.method === "*" || hook.method === call.method) await hook.fn(call);
  }

  private add(list: { method: string; fn: HookFn }[], method: string, fn: HookFn): () => void {
    const entry = { method, fn };
    list.push(entry);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }
}
