/**
 * Reading HTML forms safely and turning service errors into what a form shows.
 * A urlencoded body is whatever the sender made it: fields may be missing, repeated
 * (arrays) or huge. Every field comes out as a string, with problems collected per
 * field, so a page answers odd input with a 400 form, never a 500.
 */
import { AppError } from "../shared/errors.ts";

/** What went wrong with a form: a sentence for the summary and problems per form field. */
export type FormProblem = { message?: string; fields?: Record<string, string> };

export type FormRead<K extends string> = { values: Record<K, string>; fields: Record<string, string> };

/** Reads `limits` (field name → most characters allowed) from a form body. */
export function readForm<K extends string>(body: unknown, limits: Record<K, number>): FormRead<K> {
  const source = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const values = {} as Record<K, string>;
  const fields: Record<string, string> = {};
  for (const name of Object.keys(limits) as K[]) {
    const raw = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
    let value = "";
    if (typeof raw === "string") value = raw;
    else if (Array.isArray(raw)) {
      value = raw.find((v): v is string => typeof v === "string") ?? "";
      fields[name] = "This was sent more than once. Check it and send the form again.";
    }
    if (value.length > limits[name]) {
      fields[name] ??= `Use at most ${limits[name].toLocaleString("en-GB")} characters. This has ${value.length.toLocaleString("en-GB")}.`;
    }
    values[name] = value;
  }
  return { values, fields };
}

/** A checkbox counts as ticked when the browser sent any value for it. */
export const ticked = (value: string) => value !== "";

/** Turns a service's short problem ("use 3 to 30 letters") into a sentence ("Use 3 to 30 letters."). */
export function sentence(problem: string): string {
  const text = problem.trim();
  if (!text) return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.?!]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The problem to show for an AppError a service threw: field errors renamed to the
 * form's field names by `fieldOf` (unknown ones go to the summary sentence).
 */
export function problemFrom(error: AppError, fieldOf: (serviceField: string, problem: string) => { name: string; problem: string } | null = (name, problem) => ({ name, problem })): FormProblem {
  if (!error.fields) return { message: error.message };
  const fields: Record<string, string> = {};
  const loose: string[] = [];
  for (const [serviceField, problem] of Object.entries(error.fields)) {
    const mapped = fieldOf(serviceField, problem);
    if (mapped) fields[mapped.name] ??= sentence(mapped.problem);
    else loose.push(sentence(problem));
  }
  return { message: loose.length ? loose.join(" ") : CHECK_ANSWERS, fields };
}

export const CHECK_ANSWERS = "Please change the answers below, then send the form again.";

/** A problem made of field errors found while reading the form. */
export function fieldProblem(fields: Record<string, string>): FormProblem | null {
  return Object.keys(fields).length ? { message: CHECK_ANSWERS, fields } : null;
}

/**
 * Runs a form's service call: AppErrors a person can act on become a FormProblem
 * (with their status) to re-render the form with; a 404 and any other error propagate.
 */
export async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return { ok: false, error };
    throw error;
  }
}
