// Errors the store raises on purpose; their messages are written for staff (Bahasa Indonesia).
import type { z } from "zod";

export interface FieldProblem {
  field: string;
  message: string;
}

export class ValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join("; "));
    this.name = "ValidationError";
  }

  static fromZod(error: z.ZodError): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({ field: issue.path.join(".") || "(data)", message: issue.message })),
    );
  }
}

export class NotFoundError extends Error {
  constructor(collection: string, id: string) {
    super(`Data ${collection}/${id} tidak ditemukan.`);
    this.name = "NotFoundError";
  }
}

/** Raised when a caller's expected version is no longer current: someone else changed the record. */
export class VersionConflictError extends Error {
  constructor(readonly recordId: string, readonly expected: number, readonly actual: number) {
    super(`Data ${recordId} sudah diubah pihak lain (versi ${actual}, bukan ${expected}).`);
    this.name = "VersionConflictError";
  }
}

/** gRPC status codes Firestore raises when a write's precondition fails. */
export const ALREADY_EXISTS = 6; // create() of a document that exists
export const FAILED_PRECONDITION = 9; // update time no longer matches

export function hasGrpcCode(error: unknown, ...codes: number[]): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" && codes.includes(code);
}
