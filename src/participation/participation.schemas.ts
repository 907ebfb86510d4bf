/** The body the welcome API takes, shared by its route and the Welcome button's form (ADR 28, 41). */
import { Type } from "typebox";

export const WelcomeBody = Type.Object(
  { asPersonaId: Type.Optional(Type.String({ maxLength: 100, description: "Your persona to welcome as; the personal one when left out" })) },
  { additionalProperties: false, description: "May be left out altogether: the welcome is from your personal persona" },
);
