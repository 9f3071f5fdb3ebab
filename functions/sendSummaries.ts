// HTTP function `sendSummaries`: Cloud Scheduler posts {"kind":"weekly"} every Monday morning
// (WIB) and {"kind":"monthly"} on the 1st. Checks the caller, reads the body, delegates to
// runSummaries. Answers 500 when an email failed, so Scheduler's retry tries it again.
// {"kind":"outbox"} (every 15 minutes) sends the form emails whose trigger gave up or never
// came (src/forms/mailSweep.ts): this function runs as the one identity that may send mail.
import { http, type HttpFunction } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import { config } from "../src/config.js";
import { sweepQueuedMail } from "../src/forms/mailSweep.js";
import { acceptAdminRequest } from "../src/http/adminRequest.js";
import type { SchedulerAuthOptions } from "../src/http/auth.js";
import { HTTP_MESSAGES } from "../src/http/messages.js";
import { sendOk, sendRefusal } from "../src/http/respond.js";
import { log } from "../src/log.js";
import type { Mailer } from "../src/mail/transport.js";
import { dateString } from "../src/model/schemas.js";
import { SUMMARY_KINDS, UnfinishedPeriodError } from "../src/summaries/period.js";
import { runSummaries, type SummaryConfig } from "../src/summaries/run.js";
import { productionDeps } from "./deps.js";

export const SEND_SUMMARIES_MAX_BYTES = 4 * 1024;

const requestBody = z.object({
  kind: z.enum([...SUMMARY_KINDS, "outbox"], "kind harus \"weekly\", \"monthly\" atau \"outbox\""),
  /** Optional, weekly/monthly only: a day inside the period to (re)send, yyyy-MM-dd; default the last period that ended. */
  period: dateString.optional(),
});

export interface SendSummariesDeps {
  db: Firestore;
  mailer: Pick<Mailer, "send">;
  schedulerAuth: SchedulerAuthOptions;
  config: SummaryConfig;
  now?: () => Date;
}

export function sendSummariesHandler(getDeps: () => SendSummariesDeps): HttpFunction {
  return async (req, res) => {
    const deps = getDeps();
    const caller = await acceptAdminRequest(req, res, { functionName: "sendSummaries", maxBytes: SEND_SUMMARIES_MAX_BYTES, auth: deps.schedulerAuth });
    if (!caller) return;
    const body = requestBody.safeParse(req.body ?? {});
    if (!body.success) {
      sendRefusal(res, {
        status: 400,
        reason: "bad_payload",
        message: HTTP_MESSAGES.badPayload,
        details: body.error.issues.map((issue) => `${issue.path.join(".") || "(isi)"}: ${issue.message}`),
      });
      return;
    }
    try {
      if (body.data.kind === "outbox") {
        // A failed entry stays pending with its error and is tried again by the next sweep.
        sendOk(res, { outbox: await sweepQueuedMail(deps.db, deps.mailer, deps.now?.() ?? new Date()) });
        return;
      }
      const report = await runSummaries({
        db: deps.db,
        mailer: deps.mailer,
        now: deps.now?.() ?? new Date(),
        kind: body.data.kind,
        periodDay: body.data.period,
        config: deps.config,
      });
      if (report.failed.length > 0) {
        res.status(500).json({ ok: false, reason: "send_failed", message: HTTP_MESSAGES.internal, report });
        return;
      }
      sendOk(res, { report });
    } catch (error) {
      if (error instanceof UnfinishedPeriodError) {
        // A caller's mistake, not ours: Scheduler must not retry it, and nothing was sent.
        sendRefusal(res, { status: 409, reason: "period_not_ended", message: error.message });
        return;
      }
      log.error("sendSummaries gagal", { error });
      sendRefusal(res, { status: 500, reason: "failed", message: HTTP_MESSAGES.internal });
    }
  };
}

function deployedDeps(): SendSummariesDeps {
  const deps = productionDeps();
  return { db: deps.db, mailer: deps.mailer, schedulerAuth: deps.schedulerAuth, config: config() };
}

export const sendSummaries = sendSummariesHandler(deployedDeps);
http("sendSummaries", sendSummaries);
