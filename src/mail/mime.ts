// Builds the raw MIME of a message once; every transport sends these same bytes,
// so SMTP and the Gmail API deliver identical mail with the same Message-ID.
import MailComposer from "nodemailer/lib/mail-composer";
import type { MailMessage } from "./transport.js";

export interface ComposedMail {
  raw: Buffer;
  messageId: string;
  /** Everyone the message goes to (To and Cc), for the SMTP envelope. */
  recipients: string[];
}

/** The Message-ID as written in the header, with angle brackets. */
export function bracketed(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, "");
  return `<${bare}>`;
}

export async function composeMime(message: MailMessage, from: string): Promise<ComposedMail> {
  if (message.to.length === 0) throw new Error("Email tanpa penerima tidak dapat dikirim.");
  const composer = new MailComposer({
    from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId ? bracketed(message.messageId) : undefined,
    headers: message.headers,
    date: message.date,
  });
  const node = composer.compile();
  const raw = await node.build();
  const messageId = node.messageId();
  return { raw, messageId, recipients: [...message.to, ...(message.cc ?? [])] };
}
