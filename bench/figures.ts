// The bench's figures: every number the issue's table names, with its goal and a pass mark.
// A benchmark returns its figures from `figures(result)` (bench/run.ts); `npm run bench` prints
// them as one table and `-- --json` also writes them to test-output/bench.json. To add one:
//
//   figures: (result) => [figure("plan-cpu-10k", "plan CPU, 10,000 rows", result.cpuMs, "ms", { max: 150 })]
//
// `value` null means "not measured in this run" (pass is then null too); `note` says why or
// what the number stands on (e.g. "estimated", the latency injected).

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
