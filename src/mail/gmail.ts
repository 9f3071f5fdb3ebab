// Sends raw MIME through the Gmail API as a Workspace mailbox, using a service account
// with domain-wide delegation (scope gmail.send) that impersonates that mailbox.
import { auth, gmail } from "@googleapis/gmail";
import type { RawSender } from "./transport.js";

export const GMAIL_SEND_SCOPE = "https://www.googleapis.com/auth/gmail.send";

/**
 * Credentials come from Application Default Credentials: a service-account key
 * (GOOGLE_APPLICATION_CREDENTIALS) whose client id an admin allowed for gmail.send.
 * `subject` makes the service account act as the sender mailbox. Only key-based credentials
 * honour `subject`: Cloud Run's metadata-server credentials cannot impersonate a user
 * (googleapis/google-auth-library-nodejs#916); keyless delegation would need IAM signJwt.
 */
export function createGmailSender(senderMailbox: string, options: { rootUrl?: string } = {}): RawSender {
  const googleAuth = new auth.GoogleAuth({ scopes: [GMAIL_SEND_SCOPE], clientOptions: { subject: senderMailbox } });
  const client = gmail({ version: "v1", auth: googleAuth, rootUrl: options.rootUrl });
  return async (raw) => {
    await client.users.messages.send({ userId: "me", requestBody: { raw: raw.toString("base64url") } });
  };
}
