// The deploy entry point (`main` of the build): importing each function registers it with
// the Functions Framework under its name; Cloud Run picks one by --entry-point / FUNCTION_TARGET.
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
