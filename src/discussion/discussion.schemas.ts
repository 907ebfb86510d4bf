/**
 * The bodies the discussion API takes, shared by its routes and its HTML forms, which
 * validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import { Text } from "../http/schemas.ts";
import { LIMITS } from "../shared/limits.ts";
import { CONDITION_LIMITS } from "../shared/limits.ts";

const PersonaChoice = Type.Optional(Type.String({ maxLength: 100, description: "The persona to write as; the personal one when left out" }));

const LanguageChoice = Type.Optional(
  Type.String({
    minLength: 2,
    maxLength: 3,
    description: "The language it is written in, as an ISO 639-1 code (en, cy, ar, fr…); by default the language Hearth is reading in for you. Search indexes the words in it.",
  }),
);

const Warnings = Type.Array(Type.String({ maxLength: CONDITION_LIMITS.warning }), {
  maxItems: CONDITION_LIMITS.warnings,
  description: "Content warnings, each one of the community's (charter.contentWarnings); the opening post is folded behind them",
});

export const ThreadBody = Type.Object(
  { title: Text(1, LIMITS.threadTitle), body: Text(1, LIMITS.postBody), personaId: PersonaChoice, language: LanguageChoice, contentWarnings: Type.Optional(Warnings) },
  { additionalProperties: false },
);

export const ReplyBody = Type.Object({ body: Text(1, LIMITS.postBody), personaId: PersonaChoice, language: LanguageChoice }, { additionalProperties: false });

export const PostEditBody = Type.Object({ body: Text(1, LIMITS.postBody), language: Type.Optional(Type.String({ minLength: 2, maxLength: 3, description: "A new language for it; left out, it keeps its own" })) }, { additionalProperties: false });

export const ThreadTitleBody = Type.Object({ title: Text(1, LIMITS.threadTitle) }, { additionalProperties: false });

export const ThreadWarningsBody = Type.Object({ contentWarnings: Warnings }, { additionalProperties: false });
