// One piece of IID evidence ("bukti dukung"): for one innovation and one indicator, the
// parameter option it supports, the link to the document, its type and date. A record kind
// of its own (`iidEvidence`), written through the record store like innovations and programs.
import { z } from "zod";
import { dateString, recordMeta } from "../model/schemas.js";
import { keysOf } from "../model/vocabulary.js";
import { DOCUMENT_TYPES } from "./vocabulary.js";

export const IID_EVIDENCE_COLLECTION = "iidEvidence";

export const EVIDENCE_STATUS = { aktif: "Aktif", diarsipkan: "Diarsipkan" } as const;

export const EVIDENCE_TEXT_MAX = { note: 1000, link: 2000 } as const;

export const iidEvidenceFields = z.object({
  innovationId: z.string().min(1, "inovasi wajib diisi"),
  /** The innovation's unit, kept on the evidence so each unit's spreadsheet shows its own rows. */
  unitId: z.string().min(1, "unit wajib diisi"),
  /** An indicator key of the year's guide (src/iid/data/<year>.json), e.g. "regulasi". */
  indicator: z.string().regex(/^[a-z0-9_]+$/, "indikator wajib dipilih dari daftar"),
  /** The chosen parameter option's key; null until someone chooses one. */
  option: z.string().regex(/^[a-z0-9_]+$/).nullable().default(null),
  link: z
    .string()
    .max(EVIDENCE_TEXT_MAX.link)
    .regex(/^https?:\/\/[^/\s]+\S*$/i, "tautan bukti dukung harus diawali http:// atau https://")
    .nullable()
    .default(null),
  documentType: z.enum(keysOf(DOCUMENT_TYPES)).nullable().default(null),
  documentDate: dateString.nullable().default(null),
  note: z.string().trim().max(EVIDENCE_TEXT_MAX.note).default(""),
  status: z.enum(keysOf(EVIDENCE_STATUS)).default("aktif"),
  statusBeforeArchive: z.enum(keysOf(EVIDENCE_STATUS)).nullable().default(null),
});

export const iidEvidenceRecord = iidEvidenceFields.extend(recordMeta.shape).extend({ id: z.string().min(1) });

export type IidEvidenceFields = z.output<typeof iidEvidenceFields>;
export type IidEvidence = z.output<typeof iidEvidenceRecord>;
