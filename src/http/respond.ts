// One shape for every answer our HTTP functions give: JSON with `ok` and, when refused,
// a message for people. Nothing from config ever goes into a response.
import type { Response } from "@google-cloud/functions-framework";

export interface Refusal {
  status: number;
  /** Short machine-readable reason for logs and tests, e.g. "stale". */
  reason: string;
  message: string;
  details?: string[];
  /** Per question, when answers were refused: a form page shows each beside its question. */
  problems?: { question: string; message: string }[];
}

export function sendRefusal(res: Response, refusal: Refusal): void {
  res.status(refusal.status).json({
    ok: false,
    reason: refusal.reason,
    message: refusal.message,
    details: refusal.details ?? [],
    ...(refusal.problems ? { problems: refusal.problems } : {}),
  });
}

export function sendOk(res: Response, body: Record<string, unknown> = {}): void {
  res.status(200).json({ ok: true, ...body });
}
