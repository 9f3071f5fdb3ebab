// The Sheets emulator's edit webhook as labinov's Apps Script would send it: posted to
// /sheetEdited and signed with the webhook secret (the emulator itself knows no signing).
import type { EditNotice, EditWebhook } from "../sheets/emulator/index.js";
import type { SheetEditNotice } from "../src/http/sheetEditPayload.js";
import { signedHeaders } from "../src/http/signature.js";
import { CONTROL_HEADERS, INNOVATION_HEADERS, PROGRAM_HEADERS } from "../sheets/layout/labels.js";

// Compile-time guard: every notice the emulator's page posts is one `sheetEdited` accepts.
// If either side changes shape, `tsc` fails here rather than a staff edit failing at run time.
const _accepted: (notice: EditNotice) => SheetEditNotice = (notice) => notice;

export function sheetEditWebhook(url: string, secret: string): EditWebhook {
  return { url, sign: (body) => signedHeaders(secret, body) };
}

/** Columns staff keep in view on the emulator's page: the record's ID and its name. */
export const PINNED_HEADERS = [CONTROL_HEADERS.id.header, INNOVATION_HEADERS.name!.header, PROGRAM_HEADERS.name!.header];

/** The ID column, named so the page's cell edits carry their cells for the edit journal, as Code.gs does. */
export const ROW_ID_HEADER = CONTROL_HEADERS.id.header;
