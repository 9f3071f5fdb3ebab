// Date-time serial numbers as Google Sheets keeps them (guides/formats, "About date and time
// values"): days since 1899-12-30, the fraction being the time of day.
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function dateToSerial(year: number, month: number, day: number, seconds = 0): number {
  return (Date.UTC(year, month - 1, day) - EPOCH_MS) / DAY_MS + seconds / 86_400;
}

export function serialToParts(serial: number): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const ms = Math.round(serial * DAY_MS) + EPOCH_MS;
  const dt = new Date(ms);
  return {
    y: dt.getUTCFullYear(),
    m: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    hh: dt.getUTCHours(),
    mm: dt.getUTCMinutes(),
    ss: dt.getUTCSeconds(),
  };
}
