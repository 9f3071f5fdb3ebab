// Prints the key for one spreadsheet's or form's Apps Script (LABINOV_SECRET), derived from the
// webhook secret read on stdin, so the secret itself never goes into any script. Same formula as
// src/http/signature.ts scriptKey.
//   gcloud secrets versions access latest --secret=labinov-webhook-secret | node deploy/script-key.mjs sheet <spreadsheetId>
//   gcloud secrets versions access latest --secret=labinov-webhook-secret | node deploy/script-key.mjs form <formId>
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

const [kind, id] = process.argv.slice(2);
if (!["sheet", "form"].includes(kind) || !id) {
  process.stderr.write("Pakai: ... | node deploy/script-key.mjs sheet <ID spreadsheet>  atau  form <ID formulir>\n");
  process.exit(2);
}
const secret = readFileSync(0, "utf8").trim();
if (secret.length < 32) {
  process.stderr.write("Rahasia webhook dari stdin kosong atau terlalu pendek (min. 32 karakter).\n");
  process.exit(2);
}
process.stdout.write(`${createHmac("sha256", secret).update(`labinov-script-key\n${kind}:${id}`).digest("hex")}\n`);
