// Structured JSON logs, one object per line, in the shape Cloud Logging reads from stdout:
// `severity` and `message` are recognised, every other key lands in jsonPayload.
import { config } from "./config.js";

export type Severity = "DEBUG" | "INFO" | "WARNING" | "ERROR";
const RANK: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };
const LEVELS: Record<string, Severity> = { debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR" };

export type LogFields = Record<string, unknown>;

function threshold(): Severity {
  // LOG_LEVEL is configuration, checked with the rest. While the configuration is unreadable the
  // level is INFO, so the message that says what is wrong with it still reaches the log.
  try {
    return LEVELS[config().LOG_LEVEL] ?? "INFO";
  } catch {
    return "INFO";
  }
}

function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { name: error.name, message: error.message, stack: error.stack };
}

/** Where finished log lines go. */
export type LogSink = (line: string, severity: Severity) => void;

/** Cloud Logging reads stdout and stderr; warnings and errors go to stderr. */
const standardSink: LogSink = (line, severity) => {
  if (RANK[severity] >= RANK.WARNING) process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
};
let sink: LogSink = standardSink;

/**
 * Sends log lines somewhere else until the returned function restores the previous sink. The
 * test setup buffers them per test and prints them only for a test that fails, so the failures
 * tests provoke on purpose stay out of a green run.
 */
export function setLogSink(next: LogSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

function write(severity: Severity, message: string, fields: LogFields = {}): void {
  if (RANK[severity] < RANK[threshold()]) return;
  const entry: LogFields = { severity, message, time: new Date().toISOString(), ...fields };
  if ("error" in fields) entry.error = describeError(fields.error);
  sink(JSON.stringify(entry), severity);
}

export const log = {
  debug: (message: string, fields?: LogFields) => write("DEBUG", message, fields),
  info: (message: string, fields?: LogFields) => write("INFO", message, fields),
  warn: (message: string, fields?: LogFields) => write("WARNING", message, fields),
  error: (message: string, fields?: LogFields) => write("ERROR", message, fields),
};
