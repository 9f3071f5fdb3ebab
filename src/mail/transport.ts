// labinov's one way to send mail: SMTP (nodemailer) or the Gmail API, chosen by config.
// Both hand over the same raw MIME built by composeMime, so neither codes a message twice.
import { createTransport } from "nodemailer";
import type { Config } from "../config.js";
import { log } from "../log.js";
import { createGmailSender } from "./gmail.js";
import { composeMime } from "./mime.js";

export interface MailMessage {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  /** stable id so a resend is recognisable */
  messageId?: string;
  headers?: Record<string, string>;
  /** Date header; defaults to the moment of composing. */
  date?: Date;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close?(): void;
}

/** Hands a composed message to a carrier; throws when the carrier did not accept it. */
export type RawSender = (raw: Buffer, envelope: { from: string; to: string[] }) => Promise<void>;

export const LOCAL_SMTP_URL = "smtp://127.0.0.1:2525";

/** A Mailer over any RawSender: composes once, sends the bytes, reports the Message-ID. */
export function mailerFromSender(from: string, sender: RawSender, close?: () => void): Mailer {
  return {
    async send(message) {
      const composed = await composeMime(message, from);
      await sender(composed.raw, { from: envelopeAddress(from), to: composed.recipients });
      // Recipients are personal data enough; never the body, never secrets.
      log.info("email terkirim", { messageId: composed.messageId, recipients: composed.recipients.length });
      return { messageId: composed.messageId };
    },
    close,
  };
}

/** "Nama <a@b>" -> "a@b": the SMTP envelope takes the bare address. */
function envelopeAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

export function createSmtpSender(smtpUrl: string): { sender: RawSender; close: () => void } {
  const transport = createTransport(smtpUrl);
  return {
    sender: async (raw, envelope) => {
      await transport.sendMail({ envelope, raw });
    },
    close: () => transport.close(),
  };
}

export function createMailer(config: Config): Mailer {
  if (config.MAIL_TRANSPORT === "gmail") {
    if (!config.GMAIL_SENDER) throw new Error("GMAIL_SENDER wajib bila MAIL_TRANSPORT=gmail");
    // Gmail sends as the delegated mailbox whatever From says; keep the display name, use its address.
    const from = config.MAIL_FROM.includes("<")
      ? config.MAIL_FROM.replace(/<[^>]+>/, `<${config.GMAIL_SENDER}>`)
      : config.GMAIL_SENDER;
    return mailerFromSender(from, createGmailSender(config.GMAIL_SENDER));
  }
  const { sender, close } = createSmtpSender(config.SMTP_URL ?? LOCAL_SMTP_URL);
  return mailerFromSender(config.MAIL_FROM, sender, close);
}
