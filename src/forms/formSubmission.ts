// A Google Form response becomes a new innovation proposal at Drum-up for the unit the
// respondent chose, and the emails to the proposer and the unit head are queued (mailOutbox,
// sent by mailQueued) in the same commit as the record. The row reaches the unit's
// spreadsheets through recordChanged. Safe to run twice on the same response: the innovation
// id and the outbox keys come from the response id, and a second run writes nothing; the same
// event again gets the first answer, kept with its replay claim in the record's commit.
import { createHash } from "node:crypto";
import type { DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import { claimFields, claimRef, type SeenRequest } from "../http/replayGuard.js";
import { log } from "../log.js";
import type { Innovation, Unit } from "../model/schemas.js";
import { todayWib } from "../model/time.js";
import { ValidationError } from "../store/errors.js";
import { stores } from "../store/kinds.js";
import type { DocumentWrites } from "../store/records.js";
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

/** What formSubmitted answers; kept with the event's replay claim, so a resent event gets it again. */
export interface ProposalReceipt {
  innovationId: string;
  created: boolean;
  /** Whether the respondent is mailed (a form page tells them so). */
  confirmation: MailQueueing;
}

export type FormSubmissionResult =
  /** replayed: this very event was answered before, and `receipt` is that first answer. */
  | { ok: true; receipt: ProposalReceipt; replayed: boolean }
  | { ok: false; problems: AnswerProblem[] };

/** "stored_before": a repeat of a response already stored, whose emails were queued with it. */
type MailQueueing = "queued" | "stored_before" | ConfirmationRecipient["why"];

/** Ends the record's transaction when the event's claim holds a first answer. */
class AnsweredBefore extends Error {
  constructor(readonly receipt: ProposalReceipt) {
    super("event answered before");
  }
}

function receiptOf(claim: DocumentSnapshot): ProposalReceipt | null {
  return claim.exists ? ((claim.get("answer") as ProposalReceipt | undefined) ?? null) : null;
}

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
  write: (writes: DocumentWrites) => void;
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
    write: (writes) => {
      if (recipient.to) {
        const message = { to: [recipient.to], ...confirmationEmail(facts), messageId: `<${innovationId}.confirmation@labinov>` };
        queueMailIn(writes, deps.db, `${innovationId}-confirmation`, message, now);
      }
      if (unit.headEmail) {
        const message = { to: [unit.headEmail], ...unitHeadNotice(facts), messageId: `<${innovationId}.unit-head@labinov>` };
        queueMailIn(writes, deps.db, `${innovationId}-unit-head`, message, now);
      }
    },
  };
}

/**
 * One read round trip for the mapping and the units, then one commit: the record, its outbox
 * entries and the event's claim (with the answer) are written together or not at all, so a replay
 * of the event is answered as the first time and nothing else waits.
 */
export async function handleFormSubmission(deps: FormSubmissionDeps, payload: FormSubmitPayload, seen: SeenRequest): Promise<FormSubmissionResult> {
  const now = deps.now?.() ?? new Date();
  const claim = claimRef(deps.db, seen);
  const [mapping, units] = await Promise.all([loadFormMapping(deps.db, payload.formId), activeUnits(deps.db)]);
  const answers = answersToFields(payload.answers, mapping, units, payload.respondentEmail);
  if (!answers.ok) {
    // Answers accepted the first time may be refused now (a unit since closed): a replay still gets its answer.
    const before = receiptOf(await claim.get());
    return before ? { ok: true, receipt: before, replayed: true } : { ok: false, problems: answers.problems };
  }

  const innovationId = innovationIdForResponse(payload.formId, payload.responseId);
  const unit = units.find((candidate) => candidate.id === answers.unit.id)!;
  const mail = planMail(deps, payload, innovationId, answers.fields, unit, now);
  const firstAnswer: ProposalReceipt = { innovationId, created: true, confirmation: mail.confirmation };
  const store = stores(deps.db).innovations;
  const actor = { by: `form:${payload.formId}`, source: "form" as const };
  const note = `Formulir ${payload.formId}, jawaban ${payload.responseId}`;
  // The outbox entries and the claim are written only with the record: a repeat of a stored response writes none.
  const withRecord = (claimWrite: "create" | "set") => (writes: DocumentWrites) => {
    mail.write(writes);
    writes[claimWrite](claim, claimFields(seen, now, { ...firstAnswer }));
  };
  let innovation: Innovation;
  let created: boolean;
  try {
    // Nearly every response is new: one commit and no read. A taken id or claim (the same response
    // or event again) writes nothing there, and the transaction below sorts out which it was.
    const inserted = await store.insertNew(innovationId, answers.fields, actor, { now, note, alongside: withRecord("create") });
    if (inserted) ({ innovation, created } = { innovation: inserted, created: true });
    else {
      ({ record: innovation, created } = await store.create(innovationId, answers.fields, actor, {
        now,
        note,
        readAlong: {
          ref: claim,
          check: (snapshot) => {
            const before = receiptOf(snapshot);
            if (before) throw new AnsweredBefore(before);
          },
        },
        alongside: withRecord("set"),
      }));
    }
  } catch (error) {
    if (error instanceof AnsweredBefore) {
      log.info("usulan inovasi dari formulir: kiriman ulang dijawab seperti semula", { innovationId: error.receipt.innovationId, formId: payload.formId });
      return { ok: true, receipt: error.receipt, replayed: true };
    }
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
  return { ok: true, receipt: { innovationId, created, confirmation: queued.confirmation }, replayed: false };
}
