// HTTP function `formSubmitted`: labinov's Apps Script posts each Google Form response here
// (signed); it answers once the proposal (at Drum-up) and its queued emails are stored, and a
// resent event with that same first answer (200, marked "replayed"). Mail
// goes out from mailQueued, the sheet row from recordChanged. Path onward:
// src/http/signedRequest.ts (gate) -> src/forms/formSubmission.ts.
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import { formSubmitPayload } from "../src/forms/formPayload.js";
import { handleFormSubmission } from "../src/forms/formSubmission.js";
import { FORM_MESSAGES } from "../src/forms/messages.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { sendOk, sendRefusal } from "../src/http/respond.js";
import { acceptSignedRequest, scopeOfField } from "../src/http/signedRequest.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";

/** Long answers (rancang bangun runs to a few thousand words) fit well within this. */
export const FORM_SUBMIT_MAX_BYTES = 256 * 1024;

export interface FormSubmittedDeps {
  db: Firestore;
  webhookSecret: string | undefined;
  /** Config CONFIRMATION_EMAIL_DOMAINS: where a confirmation may go without a verified address. */
  confirmationEmailDomains?: readonly string[];
  now?: () => Date;
}

export function formSubmittedHandler(getDeps: () => FormSubmittedDeps): HttpFunction {
  return async (req, res) => {
    const deps = getDeps();
    const accepted = await acceptSignedRequest(req, {
      db: deps.db,
      secret: deps.webhookSecret,
      schema: formSubmitPayload,
      maxBytes: FORM_SUBMIT_MAX_BYTES,
      now: deps.now?.(),
      scopeOf: (json) => scopeOfField(json, "formId", "form"),
      // Claimed in the proposal's own transaction, with the answer a resent event gets again.
      claim: "handler",
    });
    if (!accepted.ok) {
      log.warn("formSubmitted: permintaan ditolak", { reason: accepted.refusal.reason, status: accepted.refusal.status });
      sendRefusal(res, accepted.refusal);
      return;
    }
    const submission = accepted.payload;
    try {
      const result = await handleFormSubmission(deps, submission, accepted.seen);
      if (!result.ok) {
        // Nothing was stored, not even the claim: the same response may come again once its answers are put right.
        // Refused answers are logged with what was wrong (not the answers themselves: personal data).
        log.warn("formSubmitted: jawaban ditolak", { formId: submission.formId, responseId: submission.responseId, problems: result.problems });
        sendRefusal(res, {
          status: 422,
          reason: "invalid_answers",
          message: FORM_MESSAGES.refused,
          details: result.problems.map((problem) => problem.message),
          problems: result.problems,
        });
        return;
      }
      // A resent event (the Apps Script's retry after a time-out) gets the first answer again, marked.
      sendOk(res, { ...result.receipt, ...(result.replayed ? { replayed: true } : {}) });
    } catch (error) {
      // Nothing was stored, not even the claim: the sender's retry is handled afresh.
      log.error("formSubmitted: gagal diproses", { formId: submission.formId, responseId: submission.responseId, error });
      sendRefusal(res, { status: 500, reason: "failed", message: HTTP_MESSAGES.internal });
    }
  };
}

http("formSubmitted", formSubmittedHandler(productionDeps));
