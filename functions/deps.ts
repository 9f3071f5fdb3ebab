// The real parts each function runs with in Cloud Run: Firestore, the sync engine over the
// Sheets API, the mailer, and secrets from config. Built on first request and kept for the
// instance's life, so a cold start pays for them once.
import { config } from "../src/config.js";
import { engineSheetSync } from "../sheets/port.js";
import type { SheetSync } from "../src/ports/sheetSync.js";
import type { SchedulerAuthOptions } from "../src/http/auth.js";
import type { Mailer } from "../src/mail/transport.js";
import { firestore } from "../src/store/db.js";
import type { Firestore } from "firebase-admin/firestore";

export interface ProductionDeps {
  db: Firestore;
  sync: SheetSync;
  mailer: Mailer;
  webhookSecret: string | undefined;
  confirmationEmailDomains: readonly string[];
  schedulerAuth: SchedulerAuthOptions;
}

let built: ProductionDeps | undefined;

export function productionDeps(): ProductionDeps {
  if (built) return built;
  const settings = config();
  const db = firestore();
  let mailer: Mailer | undefined;
  built = {
    db,
    sync: engineSheetSync(db, settings),
    // Only mailQueued and sendSummaries send mail: the transport (nodemailer, the Gmail client)
    // is loaded and made when first used, so no cold start pays for it.
    mailer: { send: async (message) => (mailer ??= (await import("../src/mail/transport.js")).createMailer(settings)).send(message) },
    webhookSecret: settings.WEBHOOK_SECRET,
    confirmationEmailDomains: settings.CONFIRMATION_EMAIL_DOMAINS,
    schedulerAuth: {
      adminToken: settings.ADMIN_TOKEN,
      schedulerServiceAccount: settings.SCHEDULER_SERVICE_ACCOUNT,
      audience: settings.SCHEDULER_AUDIENCE,
    },
  };
  return built;
}
