/** The body the follow routes take (optional: the persona to follow as), shared by the API and the buttons' forms. */
import { Type } from "typebox";

export const FollowBody = Type.Object(
  { personaId: Type.Optional(Type.String({ maxLength: 100, description: "The persona to follow as (the one a followed persona is told about); the personal one when left out" })) },
  { additionalProperties: false, description: "May be left out altogether" },
);
