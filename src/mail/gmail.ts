// Sends raw MIME through the Gmail API as a Workspace mailbox, with a service account that
// an admin allowed (domain-wide delegation, scope gmail.send) to act as that mailbox.
import { gmail } from "@googleapis/gmail";
import { googleApiError } from "../google/apiError.js";
import { delegatedClient, type GoogleAuth } from "./delegatedAuth.js";
import type { RawSender } from "./transport.js";

export const GMAIL_SEND_SCOPE = "https://www.googleapis.com/auth/gmail.send";

/**
 * Credentials come from Application Default Credentials; no key file is needed (see
 * delegatedAuth.ts). `rootUrl`, `tokenUrl` and `auth` are there so the flow can be run
 * against local stand-ins in tests.
 */
export function createGmailSender(
  senderMailbox: string,
  options: { rootUrl?: string; tokenUrl?: string; auth?: GoogleAuth } = {},
): RawSender {
  const auth = delegatedClient({ subject: senderMailbox, scope: GMAIL_SEND_SCOPE, tokenUrl: options.tokenUrl, auth: options.auth });
  const client = gmail({ version: "v1", auth, rootUrl: options.rootUrl });
  return async (raw) => {
    try {
      await client.users.messages.send({ userId: "me", requestBody: { raw: raw.toString("base64url") } });
    } catch (error) {
      // Said like a Sheets failure: code, Google's status and what we were doing (src/google/apiError.ts).
      throw googleApiError(error, `sending mail through the Gmail API as ${senderMailbox}`);
    }
  };
}
