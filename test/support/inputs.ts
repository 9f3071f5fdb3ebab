// Inputs some tests need from outside the repository: Google's recorded traffic in ../shared
// and Debian's Chromium. A missing one makes those tests *skipped* (never passed), saying why.
import { existsSync } from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");

/** The shared fixtures checkout; LABINOV_SHARED_DIR points elsewhere (or at nothing, to see the skips). */
export const sharedDir = path.resolve(repoRoot, process.env.LABINOV_SHARED_DIR ?? path.join("..", "shared"));

/** The browser the page tests drive; LABINOV_CHROMIUM points elsewhere. */
export const chromiumPath = process.env.LABINOV_CHROMIUM ?? "/usr/bin/chromium";

export interface Input {
  path: string;
  present: boolean;
  /** Why a test that needs it was skipped and how to enable it; empty when present. */
  missing: string;
}

/** A file or folder under ../shared/fixtures. */
export function sharedFixture(...parts: string[]): Input {
  const where = path.join(sharedDir, "fixtures", ...parts);
  const present = existsSync(where);
  return {
    path: where,
    present,
    missing: present ? "" : `skipped: ${where} not found (check out the shared fixtures as ../shared, or set LABINOV_SHARED_DIR)`,
  };
}

/** Debian's Chromium, which playwright-core launches (never a downloaded browser). */
export function chromiumBrowser(): Input {
  const present = existsSync(chromiumPath);
  return {
    path: chromiumPath,
    present,
    missing: present ? "" : `skipped: ${chromiumPath} not found (apt-get install -y chromium, or set LABINOV_CHROMIUM)`,
  };
}
