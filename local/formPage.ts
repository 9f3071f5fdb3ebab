// A stand-in for the Google Form on the local stack, written for the staff who fill it: GET
// /form shows the questions of the default mapping, POST /form turns the answers into the
// signed request labinov's Apps Script posts on form submit, sends it to the real
// formSubmitted function, and shows the outcome as a page: the proposal's number, or each
// refusal beside its question with the typed answers kept. Every blank form carries one
// response id (in its address and a hidden field), so a second "Kirim" of the same form (back,
// then Kirim) is recognised by formSubmitted as the same response (its first answer again,
// marked "replayed") and said so here: no second record, no second emails.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Firestore } from "firebase-admin/firestore";
import type { FormSubmitPayload } from "../src/forms/formPayload.js";
import { escapeHtml } from "../src/html/escape.js";
import { signedHeaders } from "../src/http/signature.js";
import { BENTUK, JENIS } from "../src/model/vocabulary.js";
import { COLLECTIONS } from "../src/store/db.js";

export const LOCAL_FORM_ID = "formulir-lokal";

/** The hidden field holding this page's response id. */
const RESPONSE_FIELD = "_jawaban";
const RESPONSE_ID = /^lokal-[0-9a-f-]{36}$/;

/** Every word the page shows, in one place for someone in Probolinggo to correct. */
const TEXT = {
  title: "Usulan Inovasi",
  intro: [
    "Gunakan formulir ini untuk mengusulkan inovasi dari unit kerja Anda kepada Laboratorium Inovasi Kota Probolinggo.",
    "Setelah Anda menekan Kirim, usulan langsung tercatat pada tahap Drum-up, muncul di spreadsheet unit kerja Anda, dan kepala unit menerima email pemberitahuan. Pertanyaan bertanda * wajib dijawab.",
  ],
  localNote: "Formulir uji coba di komputer pengembang; di kantor, usulan diisi lewat Google Form yang sama isinya.",
  required: "wajib",
  choose: "— Pilih —",
  chooseUnit: "— Pilih unit kerja Anda —",
  submit: "Kirim",
  sending: "Mengirim…",
  progress: "Usulan sedang dikirim. Mohon tunggu, jangan tutup halaman ini dan jangan tekan Kirim lagi.",
  fixTitle: "Usulan belum dapat diterima",
  fixIntro: "Ada jawaban yang perlu diperbaiki. Pesannya ada di bawah pertanyaan yang ditandai merah; jawaban Anda yang lain tetap tersimpan di formulir. Perbaiki, lalu tekan Kirim lagi.",
  failedTitle: "Usulan belum terkirim",
  failed: (what: string) =>
    `Server Labinov sedang bermasalah (${what}), jadi usulan Anda belum tercatat. Jawaban Anda masih ada di formulir ini: tekan Kirim sekali lagi sebentar lagi. Usulan tidak akan tercatat dua kali.`,
  acceptedTitle: "Usulan diterima",
  accepted: (name: string, unit: string) => `Terima kasih. Usulan “${name}” dari ${unit} sudah tercatat pada tahap Drum-up dengan nomor:`,
  next: "Yang terjadi sesudah ini:",
  nextRow: (unit: string) => `Usulan muncul sebagai baris baru di spreadsheet ${unit} dalam beberapa detik.`,
  nextHead: "Kepala unit kerja menerima email pemberitahuan.",
  confirmation: {
    queued: (email: string) => `Email konfirmasi dikirim ke ${email}.`,
    not_allowed: (email: string) =>
      `Email konfirmasi tidak dikirim ke ${email}: konfirmasi hanya dikirim ke alamat email dinas (mis. nama@probolinggokota.go.id). Catat nomor usulan di atas.`,
    no_address: () => "Anda tidak mengisi email, jadi tidak ada email konfirmasi. Catat nomor usulan di atas.",
  },
  duplicateTitle: "Usulan ini sudah diterima sebelumnya",
  duplicate: (name: string) =>
    `Usulan “${name}” sudah tercatat saat Anda pertama kali menekan Kirim, dengan nomor di bawah ini. Kiriman ulang ini tidak dicatat lagi, dan tidak ada email yang dikirim ulang.`,
  duplicateChange: "Untuk mengubah isinya, ubah baris usulan itu di spreadsheet unit kerja Anda.",
  another: "Isi usulan baru",
  tooLarge: "Jawaban terlalu panjang untuk dikirim sekaligus (lebih dari 64 KB).",
} as const;

interface Question {
  title: string;
  kind: "text" | "textarea" | "select" | "email";
  required?: boolean;
  hint?: string;
  placeholder?: string;
}

/** The questions, titled as in src/forms/defaultFormMapping.json; "Unit kerja" takes its options from Firestore. */
const QUESTIONS: Question[] = [
  { title: "Nama inovasi", kind: "text", required: true, hint: "Nama singkat yang mudah diingat, mis. “Si-Pintar: antrean puskesmas daring”." },
  { title: "Unit kerja", kind: "select", required: true, placeholder: TEXT.chooseUnit },
  { title: "Jenis inovasi", kind: "select", required: true, placeholder: TEXT.choose },
  { title: "Bentuk inovasi", kind: "select", required: true, placeholder: TEXT.choose },
  { title: "Urusan pemerintahan", kind: "text", hint: "Urusan yang dilayani, mis. kesehatan, pendidikan, kependudukan." },
  { title: "Permasalahan", kind: "textarea", hint: "Masalah apa yang ingin diselesaikan, dan siapa yang merasakannya?" },
  { title: "Tujuan", kind: "textarea", hint: "Apa yang berubah bila inovasi ini berhasil?" },
  { title: "Email pengusul", kind: "email", hint: "Email dinas Anda (mis. nama@probolinggokota.go.id), untuk email konfirmasi." },
];


const STYLE = `body{font-family:system-ui,sans-serif;max-width:640px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
label{display:block;margin-top:1.2em;font-weight:600}.hint{display:block;font-weight:400;color:#555;font-size:.92em}
input,select,textarea{display:block;width:100%;box-sizing:border-box;margin-top:.3em;padding:.45em;font:inherit}
.error{color:#b00020;font-weight:600;margin:.3em 0 0}[aria-invalid=true]{border:2px solid #b00020}
.box{border-left:4px solid #b00020;background:#fdecee;padding:.6em 1em;margin:1em 0}.box.ok{border-color:#1b7f3b;background:#e9f6ee}
.number{font-size:1.4em;font-weight:700;letter-spacing:.03em}.note{color:#666;font-size:.85em;margin-top:2em}
button{margin-top:1.5em;padding:.6em 1.6em;font:inherit;font-weight:600}#progress{margin-top:1em;font-weight:600}
#progress::before{content:"";display:inline-block;width:.9em;height:.9em;margin-right:.5em;border:3px solid #bbb;border-top-color:#1b5fa8;border-radius:50%;animation:spin 1s linear infinite;vertical-align:-.15em}
@keyframes spin{to{transform:rotate(360deg)}}`;

// Shows progress and blocks a second click while the post runs; a page brought back from the
// back-forward cache is made usable again (its own Kirim is then recognised by the server).
const SCRIPT = `(function(){var form=document.getElementById('usulan');if(!form)return;var button=form.querySelector('button');var label=button.textContent;
form.addEventListener('submit',function(event){if(form.dataset.sending){event.preventDefault();return;}form.dataset.sending='1';button.disabled=true;button.textContent=${JSON.stringify(TEXT.sending)};document.getElementById('progress').hidden=false;});
window.addEventListener('pageshow',function(event){if(!event.persisted)return;delete form.dataset.sending;button.disabled=false;button.textContent=label;document.getElementById('progress').hidden=true;});})();`;

function page(title: string, body: string, status = 200): { status: number; html: string } {
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Laboratorium Inovasi Kota Probolinggo</title><style>${STYLE}</style></head><body>${body}
<p class="note">${escapeHtml(TEXT.localNote)}</p><script>${SCRIPT}</script></body></html>`;
  return { status, html };
}

type Answers = Map<string, string>;

interface FormState {
  responseId: string;
  answers: Answers;
  /** Messages per question title. */
  problems: Map<string, string[]>;
  /** A box above the questions: refused answers or a failed post. */
  notice?: { title: string; lines: string[] };
}

const fieldId = (title: string) => `q-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

function optionsOf(question: Question, units: string[]): string[] {
  if (question.title === "Unit kerja") return units;
  return Object.values(question.title === "Jenis inovasi" ? JENIS : BENTUK);
}

function questionHtml(question: Question, units: string[], state: FormState): string {
  const id = fieldId(question.title);
  const value = state.answers.get(question.title) ?? "";
  const errors = state.problems.get(question.title) ?? [];
  const described = [question.hint ? `${id}-hint` : "", errors.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  const attributes = [
    `id="${id}"`,
    `name="${escapeHtml(question.title)}"`,
    question.required ? "required" : "",
    errors.length ? 'aria-invalid="true"' : "",
    described ? `aria-describedby="${described}"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  let control: string;
  if (question.kind === "select") {
    const options = optionsOf(question, units)
      .map((option) => `<option${option === value ? " selected" : ""}>${escapeHtml(option)}</option>`)
      .join("");
    // No answer is chosen for the respondent: the empty first option must be replaced.
    control = `<select ${attributes}><option value=""${value === "" ? " selected" : ""}>${escapeHtml(question.placeholder ?? TEXT.choose)}</option>${options}</select>`;
  } else if (question.kind === "textarea") {
    control = `<textarea ${attributes} rows="3">${escapeHtml(value)}</textarea>`;
  } else {
    control = `<input ${attributes} type="${question.kind}" value="${escapeHtml(value)}">`;
  }
  const mark = question.required ? ` <abbr title="${TEXT.required}">*</abbr>` : "";
  const hint = question.hint ? `<span class="hint" id="${id}-hint">${escapeHtml(question.hint)}</span>` : "";
  const error = errors.length ? `<p class="error" id="${id}-error">${errors.map(escapeHtml).join("<br>")}</p>` : "";
  return `<label for="${id}">${escapeHtml(question.title)}${mark}${hint}</label>${control}${error}`;
}

function formPage(units: string[], state: FormState, status = 200): { status: number; html: string } {
  const notice = state.notice
    ? `<div class="box" role="alert"><h2>${escapeHtml(state.notice.title)}</h2>${state.notice.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("")}</div>`
    : "";
  const intro = TEXT.intro.map((line) => `<p>${escapeHtml(line)}</p>`).join("");
  return page(
    state.notice?.title ?? TEXT.title,
    `<h1>${TEXT.title}</h1>${intro}${notice}
<form id="usulan" method="post" action="/form" novalidate>
<input type="hidden" name="${RESPONSE_FIELD}" value="${escapeHtml(state.responseId)}">
${QUESTIONS.map((question) => questionHtml(question, units, state)).join("\n")}
<button type="submit">${TEXT.submit}</button>
<p id="progress" role="status" hidden>${escapeHtml(TEXT.progress)}</p>
</form>`,
    status,
  );
}

async function unitNames(db: Firestore): Promise<string[]> {
  const units = await db.collection(COLLECTIONS.units).where("status", "==", "aktif").get();
  return units.docs.map((doc) => String(doc.get("name"))).sort((a, b) => a.localeCompare(b, "id"));
}

class TooLargeError extends Error {}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new TooLargeError();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Builds and posts the same signed request the Apps Script sends; returns the function's answer. */
export async function postFormSubmission(
  functionsUrl: string,
  secret: string,
  answers: { title: string; value: string }[],
  respondentEmail = "",
  responseId = `lokal-${randomUUID()}`,
): Promise<{ status: number; body: string; payload: FormSubmitPayload }> {
  const payload: FormSubmitPayload = {
    kind: "formSubmit",
    // As the Apps Script does: the event is the response, so a re-post is recognisable.
    eventId: `form-${responseId}`,
    formId: LOCAL_FORM_ID,
    responseId,
    submittedAt: new Date().toISOString(),
    respondentEmail,
    // Like a Google Form that does not collect verified emails: the typed address is unverified.
    respondentEmailVerified: false,
    answers,
  };
  const body = JSON.stringify(payload);
  const response = await fetch(`${functionsUrl}/formSubmitted`, {
    method: "POST",
    headers: { "content-type": "application/json", ...signedHeaders(secret, body) },
    body,
  });
  return { status: response.status, body: await response.text(), payload };
}

/** formSubmitted's 200 answer; "replayed": this very post was answered before, with these same fields. */
interface Accepted {
  innovationId: string;
  created: boolean;
  confirmation?: string;
  replayed?: boolean;
}

function acceptedPage(answer: Accepted, answers: Answers): { status: number; html: string } {
  const name = answers.get("Nama inovasi") ?? "";
  const unit = answers.get("Unit kerja") ?? "";
  const number = `<p class="number" id="nomor">${escapeHtml(answer.innovationId)}</p>`;
  const another = `<p><a href="/form">${TEXT.another}</a></p>`;
  if (!answer.created || answer.replayed) {
    return page(
      TEXT.duplicateTitle,
      `<div class="box ok" role="status"><h1>${TEXT.duplicateTitle}</h1><p>${escapeHtml(TEXT.duplicate(name))}</p>${number}<p>${TEXT.duplicateChange}</p></div>${another}`,
    );
  }
  const email = answers.get("Email pengusul") ?? "";
  const confirmation =
    answer.confirmation === "queued" ? TEXT.confirmation.queued(email) : answer.confirmation === "not_allowed" ? TEXT.confirmation.not_allowed(email) : TEXT.confirmation.no_address();
  const next = [TEXT.nextRow(unit), TEXT.nextHead, confirmation].map((line) => `<li>${escapeHtml(line)}</li>`).join("");
  return page(
    TEXT.acceptedTitle,
    `<div class="box ok" role="status"><h1>${TEXT.acceptedTitle}</h1><p>${escapeHtml(TEXT.accepted(name, unit))}</p>${number}</div><p>${TEXT.next}</p><ul>${next}</ul>${another}`,
  );
}

/** The form again with the typed answers and each refusal beside its question (others in the box on top). */
function refusedPage(units: string[], state: Omit<FormState, "problems" | "notice">, body: string): { status: number; html: string } {
  const problems = new Map<string, string[]>();
  const elsewhere: string[] = [];
  const parsed = JSON.parse(body) as { problems?: { question: string; message: string }[]; details?: string[] };
  for (const problem of parsed.problems ?? (parsed.details ?? []).map((message) => ({ question: "", message }))) {
    const shown = QUESTIONS.find((question) => question.title === problem.question);
    if (shown) problems.set(shown.title, [...(problems.get(shown.title) ?? []), problem.message]);
    else elsewhere.push(problem.message);
  }
  return formPage(units, { ...state, problems, notice: { title: TEXT.fixTitle, lines: [TEXT.fixIntro, ...elsewhere] } }, 422);
}

export function formPageHandler(db: Firestore, functionsUrl: () => string, secret: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = ({ status, html }: { status: number; html: string }) => {
      response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      response.end(html);
    };
    if (request.method !== "POST") {
      // Each blank form has an address of its own that names its response id, so that going
      // back to it (from the browser's cache or not) brings back the same id.
      const asked = new URL(request.url ?? "/form", "http://form.local").searchParams.get(RESPONSE_FIELD) ?? "";
      if (!RESPONSE_ID.test(asked)) {
        response.writeHead(303, { location: `/form?${RESPONSE_FIELD}=lokal-${randomUUID()}` });
        response.end();
        return;
      }
      send(formPage(await unitNames(db), { responseId: asked, answers: new Map(), problems: new Map() }));
      return;
    }
    const units = await unitNames(db);
    let form: URLSearchParams;
    try {
      form = await readForm(request);
    } catch (error) {
      if (!(error instanceof TooLargeError)) throw error;
      send(formPage(units, { responseId: `lokal-${randomUUID()}`, answers: new Map(), problems: new Map(), notice: { title: TEXT.failedTitle, lines: [TEXT.tooLarge] } }, 413));
      return;
    }
    const given = form.get(RESPONSE_FIELD) ?? "";
    const state = {
      responseId: RESPONSE_ID.test(given) ? given : `lokal-${randomUUID()}`,
      // Browsers send a textarea's line breaks as CRLF (HTML's form encoding); answers keep "\n".
      answers: new Map(QUESTIONS.map((question) => [question.title, (form.get(question.title) ?? "").replace(/\r\n?/g, "\n").trim()])),
    };
    const answers = [...state.answers].filter(([, value]) => value !== "").map(([title, value]) => ({ title, value }));
    let result: { status: number; body: string };
    try {
      result = await postFormSubmission(functionsUrl(), secret, answers, state.answers.get("Email pengusul") ?? "", state.responseId);
    } catch {
      send(formPage(units, { ...state, problems: new Map(), notice: { title: TEXT.failedTitle, lines: [TEXT.failed("tidak tersambung")] } }, 502));
      return;
    }
    // A second "Kirim" of the same form is the same response: formSubmitted answers it 200 with the first answer.
    if (result.status === 200) send(acceptedPage(JSON.parse(result.body) as Accepted, state.answers));
    else if (result.status === 422) send(refusedPage(units, state, result.body));
    else send(formPage(units, { ...state, problems: new Map(), notice: { title: TEXT.failedTitle, lines: [TEXT.failed(`kode ${result.status}`)] } }, 502));
  };
}
