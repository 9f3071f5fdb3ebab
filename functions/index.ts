// Every function in one module: importing each file registers it with the Functions Framework
// under its name (the local stack and the tests load this). The configuration is parsed first,
// as the instance loads (functions/loadConfig.ts). Deploy ships each function as its own
// bundle of the same files (deploy/bundle.mjs), so an instance loads only its function's code.
import "./loadConfig.js";
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

