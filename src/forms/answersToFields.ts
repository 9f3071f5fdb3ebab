// A form response as innovation fields, or the list of problems a respondent must fix.
// Pure: the mapping and the units are handed in. Answers go through the same parsers as sheet
// cells (src/model/parse), so the form refuses what the sheet would refuse, in the same words.
// Text stays text: nothing here (or later) evaluates "=..." answers; the sync writes cells RAW.
import { parseChoice, parseLinks, parseText } from "../model/parse/index.js";
import { INNOVATION_TEXT_MAX, innovationFields } from "../model/schemas.js";
import { BENTUK, INISIATOR, JENIS } from "../model/vocabulary.js";
import type { FormAnswer } from "./formPayload.js";
import { normaliseTitle, type FormMapping, type MappableField } from "./mapping.js";
import { FORM_MESSAGES } from "./messages.js";

export interface UnitChoice {
  id: string;
  name: string;
}

export type FormFields = Record<string, unknown> & { unitId: string; name: string };

/** One refused answer: the question as the respondent saw it, and what is wrong (a whole sentence, Bahasa Indonesia). */
export interface AnswerProblem {
  question: string;
  message: string;
}

export type AnswersResult = { ok: true; fields: FormFields; unit: UnitChoice } | { ok: false; problems: AnswerProblem[] };

const CHOICES: Partial<Record<MappableField, Record<string, string>>> = { initiator: INISIATOR, jenis: JENIS, bentuk: BENTUK };
const REQUIRED: MappableField[] = ["name", "unit", "jenis", "bentuk", "initiator"];

function asText(value: string | string[]): string {
  return (Array.isArray(value) ? value.join(", ") : value).trim();
}

/** The title a respondent saw for a field, for messages (falls back to the field name). */
export function questionTitleFor(field: string, mapping: FormMapping, answers: FormAnswer[]): string {
  const answered = answers.find((answer) => mapping.questions[titleKey(mapping, answer.title) ?? ""] === field);
  if (answered) return answered.title;
  return Object.entries(mapping.questions).find(([, mapped]) => mapped === field)?.[0] ?? field;
}

function titleKey(mapping: FormMapping, title: string): string | undefined {
  const wanted = normaliseTitle(title);
  return Object.keys(mapping.questions).find((key) => normaliseTitle(key) === wanted);
}

export function answersToFields(
  answers: FormAnswer[],
  mapping: FormMapping,
  units: UnitChoice[],
  respondentEmail: string,
): AnswersResult {
  const given = new Map<MappableField, string | string[]>();
  for (const answer of answers) {
    const key = titleKey(mapping, answer.title);
    const field = key ? mapping.questions[key] : undefined;
    if (field && asText(answer.value) !== "") given.set(field, answer.value);
  }
  for (const [field, value] of Object.entries(mapping.defaults) as [MappableField, string][]) {
    if (!given.has(field)) given.set(field, value);
  }

  const problems: AnswerProblem[] = [];
  const title = (field: MappableField) => questionTitleFor(field, mapping, answers);
  const refuse = (field: MappableField, message: string) => problems.push({ question: title(field), message });
  for (const field of REQUIRED) if (!given.has(field)) refuse(field, FORM_MESSAGES.required(title(field)));

  const fields: Record<string, unknown> = {};
  let unit: UnitChoice | undefined;
  for (const [field, value] of given) {
    const choices = CHOICES[field];
    if (field === "unit") {
      const answer = asText(value);
      unit = units.find((candidate) => normaliseTitle(candidate.name) === normaliseTitle(answer));
      if (!unit) refuse(field, FORM_MESSAGES.unknownUnit(answer));
    } else if (choices) {
      const key = parseChoice(asText(value), choices);
      if (key.ok) fields[field] = key.value;
      else refuse(field, FORM_MESSAGES.unknownChoice(title(field), asText(value), Object.values(choices)));
    } else if (field === "evidenceLinks") {
      // Links may come one per line, or separated by spaces, commas or semicolons.
      const links = parseLinks(value);
      if (links.ok) fields[field] = links.value;
      else refuse(field, FORM_MESSAGES.invalid(title(field), links.message));
    } else {
      const max = field in INNOVATION_TEXT_MAX ? INNOVATION_TEXT_MAX[field as keyof typeof INNOVATION_TEXT_MAX] : undefined;
      const text = parseText(asText(value), { max });
      if (text.ok) fields[field] = text.value;
      else refuse(field, FORM_MESSAGES.invalid(title(field), text.message));
    }
  }
  // Each answer against the record's own schema too, so that a respondent hears of every
  // problem at once (an email address the schema refuses with a missing unit, not after it).
  for (const [field, value] of Object.entries(fields)) {
    const checked = innovationFields.shape[field as keyof typeof innovationFields.shape]?.safeParse(value);
    if (checked && !checked.success) refuse(field as MappableField, FORM_MESSAGES.invalid(title(field as MappableField), checked.error.issues[0]!.message));
  }
  if (fields.proposerEmail === undefined && respondentEmail.trim() !== "") fields.proposerEmail = respondentEmail.trim();

  if (problems.length > 0 || !unit) return { ok: false, problems };
  return { ok: true, unit, fields: { ...fields, unitId: unit.id, name: String(fields.name), stage: "drum_up" } };
}
