// One parser per kind of value, shared by the sheet sync and the form intake, so that both read
// what a person typed the same way and refuse the same things with the same words.
export { parseDate, serialToDate, dateToSerial, showDate } from "./date.js";
export { parseAmount, parseCount } from "./number.js";
export { parseNip, parsePhone } from "./people.js";
export { parseText, parseChoice, parseYesNo, parseLinks, normaliseLabel } from "./text.js";
export { DEFAULT_LOCALE, SUPPORTED_LOCALES, isSupportedLocale, type SheetLocale } from "./locale.js";
export { VALUE_MESSAGES, zodIssueMessage } from "./messages.js";
export { ok, fail, type Parsed } from "./result.js";
