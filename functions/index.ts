// The deploy entry point (`main` of the build): importing each function registers it with
// the Functions Framework under its name; Cloud Run picks one by --entry-point / FUNCTION_TARGET.
// The configuration is parsed here, as the instance loads, not on its first request.
import { config, ConfigError } from "../src/config.js";
import { log } from "../src/log.js";
import "./sheetEdited.js";
import "./formSubmitted.js";
import "./recordChanged.js";
import "./reconcileSheets.js";
import "./initSheets.js";
import "./sendSummaries.js";
import "./syncRequested.js";
import "./mailQueued.js";

/** Every function this entry point registers; deploy/ and its test check against this list. */
export const FUNCTION_NAMES = ["sheetEdited", "formSubmitted", "recordChanged", "reconcileSheets", "initSheets", "sendSummaries", "syncRequested", "mailQueued"] as const;

// A bad variable stops the instance before it serves anything, with every problem in the log
// (Cloud Run keeps the previous revision serving); a request never sees configuration text.
try {
  config();
} catch (error) {
  if (error instanceof ConfigError) log.error("konfigurasi tidak valid; fungsi tidak dijalankan", { problems: error.problems });
  throw error;
}
