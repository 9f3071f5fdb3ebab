// Spreadsheet locales: how typed input is read and how numbers and dates are shown, chosen by
// the spreadsheet's `locale` property. Google: "the actual rendering of the format depends on
// the spreadsheet's locale" (developers.google.com/workspace/sheets/api/guides/formats).
// Separators, date order and month names follow CLDR for each locale (what Google's locales
// are built on); the exact automatic date pattern Google assigns in id_ID is not confirmed.

export interface LocaleSpec {
  decimal: string;
  group: string;
  /** Order of day, month and year in a typed date with slashes. */
  dateOrder: "MDY" | "DMY";
  /** Pattern given to a cell when a date is typed into it. */
  datePattern: string;
  dateTimePattern: string;
  /** Default currency pattern (NumberFormat CURRENCY without a pattern). */
  currencyPattern: string;
  /** The currency symbol a person may type before an amount ("$5", "Rp 1.500.000"). */
  currencySymbol: string;
  months: string[];
  days: string[];
}

const EN_US: LocaleSpec = {
  decimal: ".",
  group: ",",
  dateOrder: "MDY",
  datePattern: "M/d/yyyy",
  dateTimePattern: "M/d/yyyy H:mm:ss",
  // "$1,000.12 for CURRENCY in en_US" (guides/formats).
  currencyPattern: '"$"#,##0.00',
  currencySymbol: "$",
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

const ID_ID: LocaleSpec = {
  decimal: ",",
  group: ".",
  dateOrder: "DMY",
  datePattern: "dd/mm/yyyy",
  dateTimePattern: "dd/mm/yyyy H:mm:ss",
  currencyPattern: '"Rp"#,##0.00',
  currencySymbol: "Rp",
  months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
  days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
};

const LOCALES: Record<string, LocaleSpec> = { en_US: EN_US, id_ID: ID_ID, in_ID: ID_ID, id: ID_ID };

/** The spec for a locale name; unknown locales are read as en_US. */
export function localeSpec(locale: string | undefined): LocaleSpec {
  return (locale && LOCALES[locale]) || EN_US;
}
