/**
 * The bodies the discussion API takes, shared by its routes and its HTML forms, which
 * validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import { Text } from "../http/schemas.ts";
import { LIMITS } from "../shared/limits.ts";

const PersonaChoice = Type.Optional(Type.String({ maxLength: 100, description: "The persona to write as; the personal one when left out" }));

export const ThreadBody = Type.Object({ title: Text(1, LIMITS.threadTitle), body: Text(1, LIMITS.postBody), personaId: PersonaChoice }, { additionalProperties: false });

export const ReplyBody = Type.Object({ body: Text(1, LIMITS.postBody), personaId: PersonaChoice }, { additionalProperties: false });

export const PostEditBody = Type.Object({ body: Text(1, LIMITS.postBody) }, { additionalProperties: false });

export const ThreadTitleBody = Type.Object({ title: Text(1, LIMITS.threadTitle) }, { additionalProperties: false });
