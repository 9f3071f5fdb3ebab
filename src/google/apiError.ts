// Every failure of a Google API (Sheets, Gmail, the token endpoint of delegation) said the same
// way: "Google API error - [code status] message (while ...)", with the code, Google's status
// word and its message kept as fields, so code decides on `code` and `status`, never on text.

export class GoogleApiError extends Error {
  constructor(
    readonly code: number | undefined,
    readonly status: string,
    readonly reason: string,
    readonly doing: string,
  ) {
    super(`Google API error - [${code ?? "?"} ${status}] ${reason} (while ${doing})`);
    this.name = "GoogleApiError";
  }
}

export function httpStatusOf(error: unknown): number | undefined {
  const candidate = error as { status?: unknown; code?: unknown; response?: { status?: unknown } } | null;
  // The first that is an HTTP status: GoogleApiError keeps the number in `code` and Google's
  // status word ("INTERNAL") in `status`.
  for (const status of [candidate?.response?.status, candidate?.status, candidate?.code]) {
    if (typeof status === "number") return status;
    if (typeof status === "string" && /^\d{3}$/.test(status)) return Number(status);
  }
  return undefined;
}

/** A googleapis (gaxios) failure as a GoogleApiError; Google's error body gives the status and message. */
export function googleApiError(error: unknown, doing: string): GoogleApiError {
  if (error instanceof GoogleApiError) return error;
  const body = (error as { response?: { data?: { error?: { message?: string; status?: string } } } } | null)?.response?.data?.error;
  const code = httpStatusOf(error);
  const status = (typeof body === "object" ? body?.status : undefined) ?? (error as { code?: unknown } | null)?.code?.toString() ?? "UNKNOWN";
  const message = (typeof body === "object" ? body?.message : undefined) ?? (error instanceof Error ? error.message : String(error));
  return new GoogleApiError(code, String(status), message, doing);
}
