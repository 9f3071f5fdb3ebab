// Google's error body, `{"error": {code, message, status, details?}}`, with the wordings
// seen in recorded traffic (see ../shared/fixtures/sheets-api/errors/).

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }

  body(): GoogleErrorBody {
    const error: GoogleErrorBody["error"] = { code: this.code, message: this.message, status: this.status };
    if (this.details) error.details = this.details;
    return { error };
  }
}

export const invalidArgument = (message: string, details?: unknown[]): ApiError => new ApiError(400, "INVALID_ARGUMENT", message, details);

export const notFound = (): ApiError => new ApiError(404, "NOT_FOUND", "Requested entity was not found.");

/** What Google's front end answers for a path or verb it has no method for. */
export const methodNotFound = (): ApiError => new ApiError(404, "NOT_FOUND", "Method not found.");

export function fieldViolation(field: string, description: string): ApiError {
  return invalidArgument(description, [
    { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field, description }] },
  ]);
}

export function badFieldMask(path: string): ApiError {
  return invalidArgument("Request contains an invalid argument.", [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [{ field: path, description: `Error expanding 'fields' parameter. Cannot find matching fields for path '${path}'.` }],
    },
  ]);
}

export const internalError = (): ApiError => new ApiError(500, "INTERNAL", "Internal error encountered.");
export const unavailable = (): ApiError => new ApiError(503, "UNAVAILABLE", "The service is currently unavailable.");

export type QuotaGroup = "read" | "write";
export type QuotaScope = "user" | "project";

// The project number of the recorded 429 body; kept so the body is byte-for-byte Google's shape.
const PROJECT_NUMBER = "603366585132";

/** Google's 429 RESOURCE_EXHAUSTED body for the Sheets per-minute quotas. */
export function quotaExceeded(group: QuotaGroup, scope: QuotaScope, limit: number): ApiError {
  const metric = group === "read" ? "Read requests" : "Write requests";
  const limitName = scope === "user" ? `${metric} per minute per user` : `${metric} per minute`;
  const limitId = `${group === "read" ? "Read" : "Write"}RequestsPerMinutePer${scope === "user" ? "User" : "Project"}`;
  return new ApiError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric '${metric}' and limit '${limitName}' of service 'sheets.googleapis.com' for consumer 'project_number:${PROJECT_NUMBER}'.`,
    [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "RATE_LIMIT_EXCEEDED",
        domain: "googleapis.com",
        metadata: {
          quota_limit_value: String(limit),
          service: "sheets.googleapis.com",
          consumer: `projects/${PROJECT_NUMBER}`,
          quota_unit: scope === "user" ? "1/min/{project}/{user}" : "1/min/{project}",
          quota_location: "global",
          quota_metric: `sheets.googleapis.com/${group}_requests`,
          quota_limit: limitId,
        },
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{ description: "Request a higher quota limit.", url: "https://cloud.google.com/docs/quotas/help/request_increase" }],
      },
    ],
  );
}
