// Every sentence a form respondent or a unit head reads from labinov's form intake:
// refusals and the two emails. Kept together so someone in Probolinggo can correct them.
// Subjects carry only our own words, the unit's name and the number: never the respondent's
// text, or anyone could make labinov mail a subject line of their choosing.
import { displayDate } from "../model/time.js";
import { escapeHtml } from "../html/escape.js";

export const FORM_MESSAGES = {
  required: (question: string) => `Pertanyaan "${question}" wajib dijawab.`,
  unknownUnit: (answer: string) =>
    `Unit kerja "${answer}" tidak dikenal. Tulis nama unit persis seperti di daftar OPD/kecamatan/kelurahan Labinov.`,
  unknownChoice: (question: string, answer: string, choices: string[]) =>
    `Jawaban "${answer}" untuk "${question}" tidak dikenal; pilih salah satu: ${choices.join(", ")}.`,
  invalid: (question: string, message: string) => `Jawaban "${question}" tidak valid: ${message.trim().replace(/[.\s]+$/, "")}.`,
  refused: "Usulan inovasi tidak bisa diterima. Perbaiki jawaban berikut lalu kirim ulang formulir.",
  badMapping: (formId: string) => `Pemetaan pertanyaan formulir ${formId} di Firestore (formMappings) tidak valid.`,
} as const;

export interface ProposalMailFacts {
  innovationName: string;
  unitName: string;
  headName: string;
  proposerEmail: string | null;
  submittedDay: string; // yyyy-MM-dd, WIB
  innovationId: string;
}

function paragraphs(lines: string[]): string {
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("\n");
}

export function confirmationEmail(facts: ProposalMailFacts): { subject: string; text: string; html: string } {
  const lines = [
    "Yth. Bapak/Ibu pengusul,",
    `Terima kasih. Usulan inovasi "${facts.innovationName}" dari ${facts.unitName} sudah kami terima pada ${displayDate(facts.submittedDay)} dan tercatat pada tahap Drum-up dengan nomor ${facts.innovationId}.`,
    "Tim Laboratorium Inovasi akan menghubungi Bapak/Ibu untuk langkah berikutnya. Data usulan juga sudah muncul di spreadsheet unit kerja Bapak/Ibu.",
    "Salam,",
    "Laboratorium Inovasi Kota Probolinggo",
  ];
  return { subject: `Usulan inovasi diterima (nomor ${facts.innovationId})`, text: lines.join("\n\n"), html: paragraphs(lines) };
}

export function unitHeadNotice(facts: ProposalMailFacts): { subject: string; text: string; html: string } {
  const lines = [
    `Yth. ${facts.headName || "Kepala Unit"},`,
    `Ada usulan inovasi baru untuk ${facts.unitName}: "${facts.innovationName}" (nomor ${facts.innovationId}), masuk melalui formulir pada ${displayDate(facts.submittedDay)}${facts.proposerEmail ? ` oleh ${facts.proposerEmail}` : ""}.`,
    "Usulan ini tercatat pada tahap Drum-up dan sudah ada di spreadsheet unit. Mohon ditindaklanjuti bersama tim inovasi.",
    "Salam,",
    "Laboratorium Inovasi Kota Probolinggo",
  ];
  return { subject: `Usulan inovasi baru untuk ${facts.unitName} (nomor ${facts.innovationId})`, text: lines.join("\n\n"), html: paragraphs(lines) };
}
