// A Google Form response becomes a new innovation proposal at Drum-up for the unit the
// respondent chose, and the emails to the proposer and the unit head are queued (mailOutbox,
// sent by mailQueued). The row reaches the unit's spreadsheets through recordChanged. Safe to
// run twice on the same response: the innovation id and the outbox keys come from the response id.
import { createHash } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import { log } from "../log.js";
import type { Innovation, Unit } from "../model/schemas.js";
import { todayWib } from "../model/time.js";
import { ValidationError } from "../store/errors.js";
import { stores } from "../store/kinds.js";
import { answersToFields, questionTitleFor } from "./answersToFields.js";
import type { FormSubmitPayload } from "./formPayload.js";
import { queueMail } from "./mailLedger.js";
import { loadFormMapping } from "./mapping.js";
import { FORM_MESSAGES, confirmationEmail, unitHeadNotice, type ProposalMailFacts } from "./messages.js";

export interface FormSubmissionDeps {
  db: Firestore;
  now?: () => Date;
}

export type FormSubmissionResult =
  | { ok: true; innovationId: string; created: boolean; mail: { confirmation: MailQueueing; unitHead: MailQueueing } }
  | { ok: false; problems: string[] };

type MailQueueing = "queued" | "already_queued" | "no_address";

/** Same form + response, same id: "INO-F-" and 16 hex digits of a hash (ids stay short for the sheet). */
export function innovationIdForResponse(formId: string, responseId: string): string {
  return `INO-F-${createHash("sha256").update(`${formId}\n${responseId}`).digest("hex").slice(0, 16).toUpperCase()}`;
}

async function activeUnits(db: Firestore): Promise<Unit[]> {
  return (await stores(db).units.list()).filter((unit) => unit.status === "aktif");
}

export async function handleFormSubmission(deps: FormSubmissionDeps, payload: FormSubmitPayload): Promise<FormSubmissionResult> {
  const now = deps.now?.() ?? new Date();
  const [mapping, units] = await Promise.all([loadFormMapping(deps.db, payload.formId), activeUnits(deps.db)]);
  const answers = answersToFields(payload.answers, mapping, units, payload.respondentEmail);
  if (!answers.ok) return { ok: false, problems: answers.problems };

  const innovationId = innovationIdForResponse(payload.formId, payload.responseId);
  let innovation: Innovation;
  let created: boolean;
  try {
    ({ record: innovation, created } = await stores(deps.db).innovations.create(
      innovationId,
      answers.fields,
      { by: `form:${payload.formId}`, source: "form" },
      { now, note: `Formulir ${payload.formId}, jawaban ${payload.responseId}` },
    ));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return {
      ok: false,
      problems: error.problems.map((problem) =>
        FORM_MESSAGES.invalid(questionTitleFor(problem.field.split(".")[0]!, mapping, payload.answers), problem.message),
      ),
    };
  }

  // The stored record wins (a re-post after someone moved it); the answered unit otherwise.
  const unit = units.find((candidate) => candidate.id === innovation.unitId) ?? units.find((candidate) => candidate.id === answers.unit.id)!;
  const facts: ProposalMailFacts = {
    innovationName: innovation.name,
    unitName: unit.name,
    headName: unit.headName,
    proposerEmail: innovation.proposerEmail,
    submittedDay: todayWib(new Date(payload.submittedAt)),
    innovationId,
  };
  // Both entries at once: each is one idempotent create, and the form's answer waits for them.
  const [confirmation, unitHead] = await Promise.all([
    innovation.proposerEmail
      ? queueMail(deps.db, `${innovationId}-confirmation`, { to: [innovation.proposerEmail], ...confirmationEmail(facts), messageId: `<${innovationId}.confirmation@labinov>` }, now)
      : ("no_address" as const),
    unit.headEmail
      ? queueMail(deps.db, `${innovationId}-unit-head`, { to: [unit.headEmail], ...unitHeadNotice(facts), messageId: `<${innovationId}.unit-head@labinov>` }, now)
      : ("no_address" as const),
  ]);
  const mail = { confirmation, unitHead };
  log.info("usulan inovasi dari formulir", { innovationId, created, formId: payload.formId, unitId: unit.id, mail });
  return { ok: true, innovationId, created, mail };
}
