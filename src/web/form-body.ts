/**
 * What HTML forms share besides reading their bodies (which readSchemaForm does, with
 * the API's own schemas: web/schema-form.ts, ADR 28): the shape of a form's problem,
 * and turning a service's errors into what a form shows, so a page answers odd input
 * with a 400 form, never a 500.
 */
import { AppError } from "../shared/errors.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";

/** What went wrong with a form: a sentence for the summary and problems per form field. */
export type FormProblem = { message?: string; fields?: Record<string, string> };

/** The text values a form sent under `name`: none, one, or — boxes of one name ticked several times — a list. */
export function sentValues(body: unknown, name: string): string[] {
  const value = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === "string");
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
export function problemFrom(
  error: AppError,
  fieldOf: (serviceField: string, problem: string) => { name: string; problem: string } | null = (name, problem) => ({ name, problem }),
  t: Translator = english(),
): FormProblem {
  const said = error.fieldsIn(t);
  if (!said) return { message: error.in(t) };
  const fields: Record<string, string> = {};
  const loose: string[] = [];
  for (const [serviceField, problem] of Object.entries(said)) {
    const mapped = fieldOf(serviceField, problem);
    if (mapped) fields[mapped.name] ??= sentence(mapped.problem);
    else loose.push(sentence(problem));
  }
  return { message: loose.length ? loose.join(" ") : CHECK_ANSWERS, fields };
}

export const CHECK_ANSWERS = "Please change the answers below, then send the form again.";

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

/**
 * A service names a list's item by its place ("topics[1]"); a form that takes the whole list in
 * one box ("COPD, inhalers") shows each such problem by that box.
 */
export function problemInBox(problem: FormProblem, box: string): FormProblem {
  if (!problem.fields) return problem;
  return { ...problem, fields: Object.fromEntries(Object.entries(problem.fields).map(([name, said]) => [name.startsWith(`${box}[`) ? box : name, said])) };
}
