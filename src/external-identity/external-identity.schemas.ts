/**
 * The bodies of the HTML forms that link an external account (OIDC), which have no API
 * twin: signing in to an account to link, making a new one, and choosing what the
 * provider's profile may show. Read with readSchemaForm (ADR 28), with the shared limits,
 * so these forms take what the accounts API takes.
 */
import { Type } from "typebox";
import { LIMITS } from "../shared/limits.ts";

const strict = { additionalProperties: false } as const;
const Text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });

/** An existing account's username and password (the new-account form sends them as `new_username`, `new_password`). */
export const LinkAccountBody = Type.Object({ username: Text(1, LIMITS.username), password: Text(1, LIMITS.password) }, strict);

const PersonaChoice = Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "The persona that shows it" }));

/** What to show from the provider's profile: each field ticked or not, and on which persona. */
export const LinkChoicesBody = Type.Object(
  {
    name: Type.Boolean(),
    namePersona: PersonaChoice,
    picture: Type.Boolean(),
    picturePersona: PersonaChoice,
    profileLink: Type.Boolean(),
    profileLinkPersona: PersonaChoice,
  },
  strict,
);
