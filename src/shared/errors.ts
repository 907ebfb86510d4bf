/**
 * One error type for everything a person can act on: a snake_case code, an HTTP
 * status and a sentence. Services throw these; the HTTP layer turns them into
 * {"error":{code,message,fields}} or an error page.
 */
import { isMessage, msg, type Said } from "./i18n/message.ts";
import { english, type Translator } from "./i18n/translator.ts";

/** A message that is put together in the reader's language (a field's name and its problem, say). */
export type Composed = (t: Translator) => string;

export class AppError extends Error {
  /** What to tell the person: a catalogue message, or English not yet in the catalogues. */
  readonly said: Said | Composed;
  /** Each field's problem, in English (for logs, the CLI and code that matches on it); `fieldsIn` says them to a reader. */
  readonly fields?: Record<string, string>;
  private readonly saidFields?: Record<string, Said>;
  constructor(
    readonly code: string,
    readonly status: number,
    message: Said | Composed,
    fields?: Record<string, Said>,
  ) {
    const en = english();
    super(typeof message === "function" ? message(en) : en.say(message)); // logs and the CLI read English
    this.said = message;
    if (fields) {
      this.saidFields = fields;
      this.fields = Object.fromEntries(Object.entries(fields).map(([name, problem]) => [name, en.say(problem)]));
    }
  }

  /** The message in the reader's language; the code stays the same in every language. */
  in(t: Translator): string {
    return typeof this.said === "function" ? this.said(t) : t.say(this.said);
  }

  /** The fields' problems as they were said (to gather several errors into one), or `otherwise`. */
  saidFieldsOr(otherwise: Record<string, Said>): Record<string, Said> {
    return this.saidFields ?? otherwise;
  }

  /** Each field's problem in the reader's language. */
  fieldsIn(t: Translator): Record<string, string> | undefined {
    return this.saidFields && Object.fromEntries(Object.entries(this.saidFields).map(([name, problem]) => [name, t.say(problem)]));
  }
}

/**
 * A 404. `what` is the whole sentence as a catalogue message (`msg("error.notFound.community")`:
 * "That community does not exist, or you cannot see it."), or, for text not yet in the
 * catalogues, the English name of what is missing ("That post").
 */
export const notFound = (what?: Said) =>
  new AppError("not_found", 404, what === undefined ? msg("error.notFound") : isMessage(what) ? what : `${what} does not exist, or you cannot see it.`);

export const notSignedIn = () => new AppError("not_signed_in", 401, msg("error.notSignedIn"));

export const forbidden = (message: Said) => new AppError("forbidden", 403, message);

/** A 400 for one field: `problem` is short ("use 3 to 30 letters"), a catalogue message or English. */
export const invalid = (field: string, problem: Said) => invalidFields({ [field]: problem });

/** One 400 naming every field at fault, as API.md asks (`fields` holds all of them). */
export const invalidFields = (fields: Record<string, Said>) =>
  new AppError(
    "invalid_input",
    400,
    (t) =>
      Object.entries(fields)
        .map(([field, problem]) => `${field}: ${t.say(problem)}`)
        .join("; "),
    fields,
  );

/**
 * Runs every check and reports every field at fault in one 400 (a check throws
 * `invalid`); otherwise returns what each check returned.
 */
export function checkAll<C extends Record<string, () => unknown>>(checks: C): { [K in keyof C]: ReturnType<C[K]> } {
  const results: Record<string, unknown> = {};
  const fields: Record<string, Said> = {};
  for (const [key, check] of Object.entries(checks)) {
    try {
      results[key] = check();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "invalid_input") throw error;
      Object.assign(fields, error.saidFieldsOr({ [key]: error.message }));
    }
  }
  if (Object.keys(fields).length > 0) throw invalidFields(fields);
  return results as { [K in keyof C]: ReturnType<C[K]> };
}

export const conflict = (code: string, message: Said, field?: string) =>
  new AppError(code, 409, message, field ? { [field]: message } : undefined);

/** Whether an error is the specific not-found (status 404), as opposed to anything else that went wrong. */
export const isNotFound = (error: unknown): error is AppError => error instanceof AppError && error.status === 404;

/**
 * For `.catch(orNotFound(msg("error.notFound.community")))`: a not-found from a lookup becomes the caller's
 * own not-found; every other error, a database failure included, propagates as it is,
 * so that it is logged and answered 500, never disguised as a 404.
 */
export function orNotFound(what: Said): (error: unknown) => never {
  return (error) => {
    if (isNotFound(error)) throw notFound(what);
    throw error;
  };
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300"]);
const UNREACHABLE_MESSAGES = /^(Connection terminated|Cannot use a pool after calling end on the pool|timeout exceeded when trying to connect)/;

/**
 * Whether an error means the database could not be reached (refused, dropped, shutting
 * down, out of connections: SQLSTATE class 08 and 57P0x), rather than a query that went wrong.
 * Such a request is answered 503: worth trying again shortly.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === "string" ? e.code : "";
    if (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGES.test(e.message)) return true;
    // Connecting to "localhost" tries each address and fails with all of them at once.
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnreachable(inner))) return true;
  }
  return false;
}
