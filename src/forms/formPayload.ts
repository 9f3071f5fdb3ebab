// What labinov's Apps Script posts to `formSubmitted` on a Google Form submission
// (sheets/apps-script/Code.gs builds it). Signed like sheet edits (src/http/signature.ts);
// `eventId` is the form response id, so a re-post is recognisable.
import { z } from "zod";

export const formAnswer = z.object({
  /** The question's title exactly as the form shows it. */
  title: z.string().max(500),
  /** Text answers as given; checkbox questions give a list. */
  value: z.union([z.string().max(20_000), z.array(z.string().max(2_000)).max(100)]),
});

export const formSubmitPayload = z.object({
  kind: z.literal("formSubmit"),
  eventId: z.string().min(8).max(200),
  formId: z.string().min(1).max(200).regex(/^[\w-]+$/, "formId hanya huruf, angka, - dan _"),
  responseId: z.string().min(1).max(200),
  submittedAt: z.string().datetime(),
  /** The respondent's email when the form collects it, else "". */
  respondentEmail: z.string().max(320),
  /**
   * True when the form collects *verified* emails (the respondent signed in with Google), so
   * respondentEmail is theirs; scripts older than this field send nothing, read as false.
   */
  respondentEmailVerified: z.boolean().default(false),
  answers: z.array(formAnswer).max(200),
});

export type FormAnswer = z.output<typeof formAnswer>;
export type FormSubmitPayload = z.output<typeof formSubmitPayload>;
