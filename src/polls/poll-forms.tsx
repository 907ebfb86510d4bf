/**
 * The polls' HTML forms, read with the API's own bodies (polls.schemas.ts, ADR 28). A form
 * sends what a browser can: the options as ten separate boxes (blanks ignored) and the
 * choices of a vote as one "options" value per ticked box; these turn them into the API's lists.
 */
import { msg } from "../shared/i18n/message.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { POLL_OPTIONS } from "../shared/limits.ts";
import type { Converted, FormSpec } from "../web/schema-form.ts";
import { sentence, sentValues } from "../web/form-body.ts";

/** A browser's datetime-local ("2026-12-10T14:00"), read as UTC, the time Hearth shows; anything else goes to the schema as typed. */
function moment(text: string): Converted {
  const trimmed = text.trim();
  if (!trimmed) return { omit: true };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(trimmed)) return { value: `${trimmed}:00Z` };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(trimmed)) return { value: `${trimmed}Z` };
  return { value: trimmed };
}

/** The option boxes' text, one a line (blank boxes already left out). */
const lines = (text: string): Converted => ({ value: text === "" ? [] : text.split("\n") });

export const pollForm = (t: Translator) =>
  ({
    question: { label: t.text("polls.question"), required: sentence(t.say(msg("problem.polls.question"))) },
    options: {
      label: t.text("polls.options"),
      as: lines,
      inside: ({ keyword, problem }) => (keyword === "minItems" || keyword === "maxItems" ? sentence(t.say(msg("problem.polls.optionsCount", POLL_OPTIONS))) : problem),
    },
    multiple: { label: t.text("polls.multiple"), as: "checkbox" },
    resultsShown: { label: t.text("polls.resultsShown") },
    closesAt: { label: t.text("polls.closesAt"), as: moment },
  }) satisfies FormSpec;

/** The ticked boxes' indexes, as the API's list ("" when none was ticked). */
function indexes(text: string): Converted {
  if (text === "") return { value: [] };
  return { value: text.split(",").map((s) => (/^\d{1,2}$/.test(s) ? Number(s) : -1)) };
}

export const voteForm = (t: Translator) =>
  ({
    options: {
      label: t.text("polls.options"),
      as: indexes,
      inside: ({ keyword }) => sentence(t.say(msg(keyword === "minItems" ? "problem.polls.chooseSomething" : "problem.polls.noSuchOption"))),
    },
  }) satisfies FormSpec;

/** The option boxes option1 … option10, as typed. */
export const optionBoxes = (body: unknown): string[] =>
  Array.from({ length: POLL_OPTIONS.max }, (_, i) => sentValues(body, `option${i + 1}`)[0] ?? "");
