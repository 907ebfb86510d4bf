/**
 * The bodies the polls API takes, shared by its routes and the thread page's forms,
 * which validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import { LIMITS, POLL_OPTIONS } from "../shared/limits.ts";

export const RESULTS_SHOWN = ["after_voting", "after_closing"] as const;

export const PollBody = Type.Object(
  {
    question: Type.String({ maxLength: LIMITS.pollQuestion }),
    options: Type.Array(Type.String({ maxLength: LIMITS.pollOption }), {
      minItems: POLL_OPTIONS.min,
      maxItems: POLL_OPTIONS.max,
      description: "2 to 10 options, each different and not blank",
    }),
    multiple: Type.Optional(Type.Boolean({ description: "Whether a voter may choose more than one option (default false)" })),
    resultsShown: Type.Optional(Type.Enum([...RESULTS_SHOWN], { type: "string", description: "after_voting (the default) or after_closing" })),
    closesAt: Type.Optional(Type.String({ format: "date-time", maxLength: 40, description: "When voting ends (ISO 8601, in the future); open until then, or for good when left out" })),
  },
  { additionalProperties: false },
);

export const VoteBody = Type.Object(
  {
    options: Type.Array(Type.Integer({ minimum: 0, maximum: POLL_OPTIONS.max - 1 }), {
      minItems: 1,
      maxItems: POLL_OPTIONS.max,
      description: "The indexes of the options chosen: one on a single-choice poll",
    }),
  },
  { additionalProperties: false },
);
