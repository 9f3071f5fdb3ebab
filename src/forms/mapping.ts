// Which form question fills which innovation field: configuration, not code. The mapping
// shipped in defaultFormMapping.json applies to every form; a coordinator can add or change
// entries for one form in Firestore `formMappings/<formId>` (same shape; its entries win).
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import shipped from "./defaultFormMapping.json" with { type: "json" };
import { FORM_MESSAGES } from "./messages.js";

export const FORM_MAPPINGS_COLLECTION = "formMappings";

/** The innovation fields a form may fill; "unit" is the unit's name, matched against `opd`. */
export const MAPPABLE_FIELDS = [
  "name",
  "unit",
  "initiator",
  "initiatorName",
  "jenis",
  "bentuk",
  "urusan",
  "problem",
  "goal",
  "benefits",
  "results",
  "design",
  "regulation",
  "evidenceLinks",
  "proposerEmail",
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export const formMappingSchema = z.object({
  questions: z.record(z.string(), z.enum(MAPPABLE_FIELDS)).default({}),
  defaults: z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string()).default({}),
});

export type FormMapping = z.output<typeof formMappingSchema>;

export class FormMappingError extends Error {
  override name = "FormMappingError";
}

/** Titles compared the way people read them: case, spacing, a trailing "*" or ":" do not matter. */
export function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/[*:]+\s*$/, "").replace(/\s+/g, " ").trim();
}

export const defaultFormMapping: FormMapping = formMappingSchema.parse(shipped);

export function mergeMappings(base: FormMapping, override: FormMapping): FormMapping {
  return { questions: { ...base.questions, ...override.questions }, defaults: { ...base.defaults, ...override.defaults } };
}

export async function loadFormMapping(db: Firestore, formId: string): Promise<FormMapping> {
  const snapshot = await db.collection(FORM_MAPPINGS_COLLECTION).doc(formId).get();
  if (!snapshot.exists) return defaultFormMapping;
  const parsed = formMappingSchema.safeParse(snapshot.data());
  if (!parsed.success) throw new FormMappingError(FORM_MESSAGES.badMapping(formId));
  return mergeMappings(defaultFormMapping, parsed.data);
}
