/**
 * One error type for everything a person can act on: a snake_case code, an HTTP
 * status and a sentence. Services throw these; the HTTP layer turns them into
 * {"error":{code,message,fields}} or an error page.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = "That page") =>
  new AppError("not_found", 404, `${what} does not exist, or you cannot see it.`);

export const notSignedIn = () => new AppError("not_signed_in", 401, "Please sign in first.");

export const forbidden = (message: string) => new AppError("forbidden", 403, message);

export const invalid = (field: string, problem: string) =>
  new AppError("invalid_input", 400, `${field}: ${problem}`, { [field]: problem });

export const conflict = (code: string, message: string, field?: string) =>
  new AppError(code, 409, message, field ? { [field]: message } : undefined);
