// The spreadsheet locales whose typing habits the parsers know. A locale decides the order of a
// numeric date (5/1/2026) and which of "." and "," separates thousands; it is never guessed.
export const SUPPORTED_LOCALES = ["id_ID", "en_US"] as const;
export type SheetLocale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: SheetLocale = "id_ID";

export function isSupportedLocale(locale: string): locale is SheetLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(locale);
}

/** How a person using this locale writes an example date, for messages. */
export function dateExample(locale: SheetLocale): string {
  return locale === "id_ID" ? "5/1/2026, 5 Januari 2026 atau 2026-01-05" : "1/5/2026, 5 Januari 2026 atau 2026-01-05";
}
