// The answer of every value parser: the value to store, or one sentence for the person who typed it.
export type Parsed<T = unknown> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
