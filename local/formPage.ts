// A stand-in for a Google Form on the local stack: GET /form shows the questions of the
// default mapping, POST /form turns the answers into the signed request labinov's Apps
// Script posts on form submit, and sends it to the real formSubmitted function.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Firestore } from "firebase-admin/firestore";
import type { FormSubmitPayload } from "../src/forms/formPayload.js";
import { escapeHtml } from "../src/html/escape.js";
import { signedHeaders } from "../src/http/signature.js";
import { BENTUK, JENIS } from "../src/model/vocabulary.js";
import { COLLECTIONS } from "../src/store/db.js";

export const LOCAL_FORM_ID = "formulir-lokal";

const escape = escapeHtml;

const options = (labels: Record<string, string>) =>
  Object.values(labels).map((label) => `<option>${escape(label)}</option>`).join("");

function page(body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Usulan Inovasi (formulir lokal)</title>
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:2em auto;color:#222}label{display:block;margin-top:1em;font-weight:600}
input,select,textarea{width:100%;padding:.4em;font:inherit}button{margin-top:1.5em;padding:.6em 1.2em;font:inherit}</style></head><body>${body}</body></html>`;
}

async function formHtml(db: Firestore): Promise<string> {
  const units = await db.collection(COLLECTIONS.units).where("status", "==", "aktif").get();
  const unitOptions = units.docs
    .map((doc) => String(doc.get("name")))
    .sort((a, b) => a.localeCompare(b, "id"))
    .map((name) => `<option>${escape(name)}</option>`)
    .join("");
  return page(`<h1>Usulan Inovasi</h1><p>Formulir lokal pengganti Google Form: jawaban dikirim ke fungsi <code>formSubmitted</code> persis seperti Apps Script mengirimnya.</p>
<form method="post" action="/form">
<label>Nama inovasi<input name="Nama inovasi" required></label>
<label>Unit kerja<select name="Unit kerja">${unitOptions}</select></label>
<label>Jenis inovasi<select name="Jenis inovasi">${options(JENIS)}</select></label>
<label>Bentuk inovasi<select name="Bentuk inovasi">${options(BENTUK)}</select></label>
<label>Urusan pemerintahan<input name="Urusan pemerintahan"></label>
<label>Permasalahan<textarea name="Permasalahan" rows="3"></textarea></label>
<label>Tujuan<textarea name="Tujuan" rows="3"></textarea></label>
<label>Email pengusul<input name="Email pengusul" type="email"></label>
<button type="submit">Kirim</button></form>`);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error("Jawaban terlalu besar");
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
): Promise<{ status: number; body: string; payload: FormSubmitPayload }> {
  const payload: FormSubmitPayload = {
    kind: "formSubmit",
    eventId: randomUUID(),
    formId: LOCAL_FORM_ID,
    responseId: `lokal-${randomUUID()}`,
    submittedAt: new Date().toISOString(),
    respondentEmail,
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

export function formPageHandler(db: Firestore, functionsUrl: () => string, secret: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(await formHtml(db));
      return;
    }
    const form = await readForm(request);
    const answers = [...form.entries()].filter(([, value]) => value.trim() !== "").map(([title, value]) => ({ title, value }));
    const result = await postFormSubmission(functionsUrl(), secret, answers, form.get("Email pengusul") ?? "");
    response.writeHead(result.status < 300 ? 200 : result.status, { "content-type": "text/html; charset=utf-8" });
    response.end(
      page(`<h1>${result.status < 300 ? "Usulan diterima" : "Usulan ditolak"}</h1><pre>${escape(result.body)}</pre><p><a href="/form">Kirim usulan lain</a></p>`),
    );
  };
}
