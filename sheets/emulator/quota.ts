// Google's published Sheets quotas: per minute, 60 read and 60 write requests per user and
// 300 of each per project. Off by default; the clock is injectable so tests need not wait.
import { quotaExceeded, type ApiError, type QuotaGroup } from "./errors.js";

export interface QuotaOptions {
  perUserPerMinute?: number;
  perProjectPerMinute?: number;
  /** Milliseconds since epoch; defaults to Date.now. */
  now?: () => number;
}

const WINDOW_MS = 60_000;

export class Quota {
  enabled = false;
  perUserPerMinute = 60;
  perProjectPerMinute = 300;
  now: () => number = Date.now;
  private readonly hits = new Map<string, number[]>();

  enable(options: QuotaOptions = {}): void {
    this.enabled = true;
    this.perUserPerMinute = options.perUserPerMinute ?? 60;
    this.perProjectPerMinute = options.perProjectPerMinute ?? 300;
    if (options.now) this.now = options.now;
    this.hits.clear();
  }

  disable(): void {
    this.enabled = false;
    this.hits.clear();
  }

  reset(): void {
    this.hits.clear();
  }

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    this.hits.set(key, list);
    return list;
  }

  /** Counts one request; returns Google's 429 error when a limit is already used up. */
  charge(group: QuotaGroup, user: string): ApiError | undefined {
    if (!this.enabled) return undefined;
    const now = this.now();
    const userHits = this.recent(`${group}:user:${user}`, now);
    const projectHits = this.recent(`${group}:project`, now);
    if (userHits.length >= this.perUserPerMinute) return quotaExceeded(group, "user", this.perUserPerMinute);
    if (projectHits.length >= this.perProjectPerMinute) return quotaExceeded(group, "project", this.perProjectPerMinute);
    userHits.push(now);
    projectHits.push(now);
    return undefined;
  }
}
