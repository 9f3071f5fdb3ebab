// A Google Form response becomes a new innovation proposal at Drum-up for the unit the
// respondent chose, and the emails to the proposer and the unit head are queued (mailOutbox,
// sent by mailQueued) in the same transaction as the record. The row reaches the unit's
// spreadsheets through recordChanged. Safe to run twice on the same response: the innovation
// id and the outbox keys come from the response id, and a second run writes nothing.
import { createHash } from "node:crypto";
import type { Firestore, Transaction } from "firebase-admin/firestore";
import { log } from "../log.js";
import type { Innovation, Unit } from "../model/schemas.js";
import { todayWib } from "../model/time.js";
import { ValidationError } from "../store/errors.js";
import { stores } from "../store/kinds.js";
import { answersToFields, questionTitleFor, type AnswerProblem, type FormFields } from "./answersToFields.js";
import { DEFAULT_CONFIRMATION_DOMAINS, confirmationRecipient, type ConfirmationRecipient } from "./confirmationRecipient.js";
import type { FormSubmitPayload } from "./formPayload.js";
import { queueMailIn } from "./mailLedger.js";
import { loadFormMapping } from "./mapping.js";
import { FORM_MESSAGES, confirmationEmail, unitHeadNotice, type ProposalMailFacts } from "./messages.js";

export interface FormSubmissionDeps {
  db: Firestore;
  /** Domains a confirmation may go to without a verified address (config CONFIRMATION_EMAIL_DOMAINS; default go.id). */
  confirmationEmailDomains?: readonly string[];
  now?: () => Date;
}

export type FormSubmissionResult =
  | { ok: true; innovationId: string; created: boolean; mail: { confirmation: MailQueueing; unitHead: MailQueueing } }
  | { ok: false; problems: AnswerProblem[] };

/** "stored_before": a repeat of a response already stored, whose emails were queued with it. */
type MailQueueing = "queued" | "stored_before" | ConfirmationRecipient["why"];

/** Same form + response, same id: "INO-F-" and 16 hex digits of a hash (ids stay short for the sheet). */
export function innovationIdForResponse(formId: string, responseId: string): string {
  return `INO-F-${createHash("sha256").update(`${formId}\n${responseId}`).digest("hex").slice(0, 16).toUpperCase()}`;
}

async function activeUnits(db: Firestore): Promise<Unit[]> {
  return (await stores(db).units.list()).filter((unit) => unit.status === "aktif");
}

interface QueuedPlan {
  confirmation: MailQueueing;
  unitHead: MailQueueing;
  /** Writes the planned outbox entries; called inside the record's transaction. */
  write: (transaction: Transaction) => void;
}

/** The emails a new proposal queues; the subjects never carry the respondent's text. */
function planMail(deps: FormSubmissionDeps, payload: FormSubmitPayload, innovationId: string, fields: FormFields, unit: Unit, now: Date): QueuedPlan {
  const proposerEmail = typeof fields.proposerEmail === "string" ? fields.proposerEmail : null;
  const recipient = confirmationRecipient({ ...payload, proposerEmail }, deps.confirmationEmailDomains ?? DEFAULT_CONFIRMATION_DOMAINS);
  const facts: ProposalMailFacts = {
    innovationName: fields.name,
    unitName: unit.name,
    headName: unit.headName,
    proposerEmail,
    submittedDay: todayWib(new Date(payload.submittedAt)),
    innovationId,
  };
  return {
    confirmation: recipient.to ? "queued" : recipient.why,
    unitHead: unit.headEmail ? "queued" : "no_address",
    write: (transaction) => {
      if (recipient.to) {
        const message = { to: [recipient.to], ...confirmationEmail(facts), messageId: `<${innovationId}.confirmation@labinov>` };
        queueMailIn(transaction, deps.db, `${innovationId}-confirmation`, message, now);
      }
      if (unit.headEmail) {
        const message = { to: [unit.headEmail], ...unitHeadNotice(facts), messageId: `<${innovationId}.unit-head@labinov>` };
        queueMailIn(transaction, deps.db, `${innovationId}-unit-head`, message, now);
      }
    },
  };
}

export async function handleFormSubmission(deps: FormSubmissionDeps, payload: FormSubmitPayload): Promise<FormSubmissionResult> {
  const now = deps.now?.() ?? new Date();
  const [mapping, units] = await Promise.all([loadFormMapping(deps.db, payload.formId), activeUnits(deps.db)]);
  const answers = answersToFields(payload.answers, mapping, units, payload.respondentEmail);
  if (!answers.ok) return { ok: false, problems: answers.problems };

  const innovationId = innovationIdForResponse(payload.formId, payload.responseId);
  const unit = units.find((candidate) => candidate.id === answers.unit.id)!;
  const mail = planMail(deps, payload, innovationId, answers.fields, unit, now);
  let innovation: Innovation;
  let created: boolean;
  try {
    ({ record: innovation, created } = await stores(deps.db).innovations.create(
      innovationId,
      answers.fields,
      { by: `form:${payload.formId}`, source: "form" },
      // The outbox entries are written only with the record: a repeat of a stored response writes neither.
      { now, note: `Formulir ${payload.formId}, jawaban ${payload.responseId}`, alongside: mail.write },
    ));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return {
      ok: false,
      problems: error.problems.map((problem) => {
        const question = questionTitleFor(problem.field.split(".")[0]!, mapping, payload.answers);
        return { question, message: FORM_MESSAGES.invalid(question, problem.message) };
      }),
    };
  }

  const queued = created ? { confirmation: mail.confirmation, unitHead: mail.unitHead } : { confirmation: "stored_before" as const, unitHead: "stored_before" as const };
  log.info("usulan inovasi dari formulir", { innovationId, created, formId: payload.formId, unitId: innovation.unitId, mail: queued });
  return { ok: true, innovationId, created, mail: queued };
}
