// The bench's figures: every number the issue's table names, with its goal and a pass mark.
// A benchmark returns its figures from `figures(result)` (bench/run.ts); `npm run bench` prints
// them as one table and `-- --json` also writes them to test-output/bench.json. To add one:
//
//   figures: (result) => [figure("plan-cpu-10k", "plan CPU, 10,000 rows", result.cpuMs, "ms", { max: 150 })]
//
// `value` null means "not measured in this run" (pass is then null too); `note` says why or
// what the number stands on (e.g. "estimated", the latency injected). ISSUE_FIGURES lists the
// issue's table (issue 12) by id: the report always holds each of them, unmeasured ones as null,
// so a benchmark that fails or is left out (--only) shows as a gap, never as a missing row.

export interface Figure {
  /** Stable id, kebab-case, e.g. "cold-start-vs-floor". */
  id: string;
  label: string;
  value: number | null;
  unit: string;
  /** The goal in words, e.g. "≤ 1.5". */
  goal: string;
  /** Whether the value meets the goal; null when there is no value or no goal. */
  pass: boolean | null;
  note?: string;
}

export interface Goal {
  max?: number;
  min?: number;
}

function goalText(goal: Goal, unit: string): string {
  const parts = [goal.min !== undefined ? `≥ ${goal.min}` : null, goal.max !== undefined ? `≤ ${goal.max}` : null].filter(Boolean);
  return parts.length === 0 ? "-" : `${parts.join(" and ")}${unit ? ` ${unit}` : ""}`;
}

/** A figure whose pass mark is computed from a numeric goal (both ends inclusive). */
export function figure(id: string, label: string, value: number | null, unit: string, goal: Goal, note?: string): Figure {
  const hasGoal = goal.max !== undefined || goal.min !== undefined;
  const pass = value === null || !hasGoal ? null : (goal.max === undefined || value <= goal.max) && (goal.min === undefined || value >= goal.min);
  return { id, label, value: value === null ? null : Math.round(value * 100) / 100, unit, goal: goalText(goal, unit), pass, ...(note ? { note } : {}) };
}

const mark = (pass: boolean | null) => (pass === null ? "-" : pass ? "PASS" : "FAIL");

export function formatFigures(figures: Figure[]): string {
  const labelWidth = Math.max(8, ...figures.map((item) => item.label.length));
  const rows = figures.map(
    (item) =>
      `${item.label.padEnd(labelWidth)}  ${`${item.value ?? "-"} ${item.unit}`.padStart(14)}  ${item.goal.padEnd(14)}  ${mark(item.pass).padEnd(4)}${item.note ? `  ${item.note}` : ""}`,
  );
  return [`${"figure".padEnd(labelWidth)}  ${"value".padStart(14)}  ${"goal".padEnd(14)}  mark`, ...rows].join("\n");
}

/** The issue's table, in its order: id, label and goal. Benchmarks return figures with these ids. */
export const ISSUE_FIGURES: { id: string; label: string; unit: string; goal: Goal }[] = [
  { id: "plan-cpu-10k", label: "plan CPU, 10,000 rows × 25 columns", unit: "ms", goal: { max: 150 } },
  { id: "plan-cpu-50k", label: "plan CPU, 50,000 rows", unit: "ms", goal: { max: 500 } },
  { id: "sync-peak-rss-50k", label: "peak RSS of the syncing process, 50,000 rows", unit: "MB", goal: { max: 256 } },
  { id: "first-run-50k-vs-read", label: "first full run, 50,000 rows ÷ bare read", unit: "×", goal: { max: 2 } },
  { id: "cold-start-vs-floor", label: "cold start ÷ floor, worst function", unit: "×", goal: { max: 1.5 } },
  { id: "cold-start-vs-monolith", label: "monolith ÷ cold start, least function", unit: "×", goal: { min: 3 } },
  { id: "edit-to-record-p95", label: "sheet edit → record committed, p95", unit: "ms", goal: { max: 500 } },
  { id: "form-answer-p95", label: "form submitted → answer, p95", unit: "ms", goal: { max: 1000 } },
  { id: "many-sheets-missed", label: "many spreadsheets: changes not reaching a sheet", unit: "", goal: { max: 0 } },
  { id: "many-sheets-lost-429", label: "many spreadsheets: runs lost to 429", unit: "", goal: { max: 0 } },
  { id: "many-sheets-minutes", label: "many spreadsheets: minutes to converge", unit: "min", goal: {} },
];

/** Every figure of the issue's table (unmeasured ones as null), then any other figure measured. */
export function completeFigures(measured: Figure[]): Figure[] {
  const byId = new Map(measured.map((item) => [item.id, item]));
  const table = ISSUE_FIGURES.map((row) => byId.get(row.id) ?? { ...figure(row.id, row.label, null, row.unit, row.goal), note: "not measured in this run" });
  const known = new Set(ISSUE_FIGURES.map((row) => row.id));
  return [...table, ...measured.filter((item) => !known.has(item.id))];
}
