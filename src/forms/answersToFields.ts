// A form response as innovation fields, or the list of problems a respondent must fix.
// Pure: the mapping and the units are handed in. Text stays text: nothing here (or later)
// evaluates "=..." answers; the sync writes cells RAW.
import { BENTUK, INISIATOR, JENIS } from "../model/vocabulary.js";
import type { FormAnswer } from "./formPayload.js";
import { normaliseTitle, type FormMapping, type MappableField } from "./mapping.js";
import { FORM_MESSAGES } from "./messages.js";

export interface UnitChoice {
  id: string;
  name: string;
}

export type FormFields = Record<string, unknown> & { unitId: string; name: string };

export type AnswersResult = { ok: true; fields: FormFields; unit: UnitChoice } | { ok: false; problems: string[] };

const CHOICES: Partial<Record<MappableField, Record<string, string>>> = { initiator: INISIATOR, jenis: JENIS, bentuk: BENTUK };
const REQUIRED: MappableField[] = ["name", "unit", "jenis", "bentuk", "initiator"];

function matchKey(answer: string, labels: Record<string, string>): string | undefined {
  const wanted = normaliseTitle(answer);
  return Object.entries(labels).find(([key, label]) => normaliseTitle(label) === wanted || key === wanted)?.[0];
}

function asText(value: string | string[]): string {
  return (Array.isArray(value) ? value.join(", ") : value).trim();
}

/** Links may come one per line, or separated by spaces or commas. */
function asLinks(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value : value.split(/[\s,]+/);
  return parts.map((part) => part.trim()).filter(Boolean);
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

  const problems: string[] = [];
  const title = (field: MappableField) => questionTitleFor(field, mapping, answers);
  for (const field of REQUIRED) if (!given.has(field)) problems.push(FORM_MESSAGES.required(title(field)));

  const fields: Record<string, unknown> = {};
  let unit: UnitChoice | undefined;
  for (const [field, value] of given) {
    const choices = CHOICES[field];
    if (field === "unit") {
      const answer = asText(value);
      unit = units.find((candidate) => normaliseTitle(candidate.name) === normaliseTitle(answer));
      if (!unit) problems.push(FORM_MESSAGES.unknownUnit(answer));
    } else if (choices) {
      const key = matchKey(asText(value), choices);
      if (key) fields[field] = key;
      else problems.push(FORM_MESSAGES.unknownChoice(title(field), asText(value), Object.values(choices)));
    } else if (field === "evidenceLinks") {
      fields[field] = asLinks(value);
    } else {
      fields[field] = asText(value);
    }
  }
  if (fields.proposerEmail === undefined && respondentEmail.trim() !== "") fields.proposerEmail = respondentEmail.trim();

  if (problems.length > 0 || !unit) return { ok: false, problems };
  return { ok: true, unit, fields: { ...fields, unitId: unit.id, name: String(fields.name), stage: "drum_up" } };
}
