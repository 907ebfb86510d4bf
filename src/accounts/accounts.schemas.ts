/**
 * The bodies the accounts API takes, shared by its routes and its HTML forms, which
 * validate with these same schemas (ADR 28): one set of limits and rules for both doors.
 */
import { Type } from "typebox";
import { LOCALES } from "../shared/i18n/locales.ts";
import { LIMITS } from "../shared/limits.ts";

const Text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });

export const SignUpBody = Type.Object(
  {
    username: Text(1, LIMITS.username),
    password: Text(1, LIMITS.password),
    email: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.email }), Type.Null()])),
    displayName: Type.Optional(
      Type.Union([Type.String({ maxLength: LIMITS.displayName }), Type.Null()], {
        description: "The name others see on the personal persona; never the username. Left out, a friendly one is made up (\"Quiet Heron\"); it can be changed later",
      }),
    ),
    carer: Type.Optional(Type.Boolean({ description: "The person looks after someone" })),
  },
  { additionalProperties: false },
);

export const SignInBody = Type.Object(
  {
    username: Text(1, LIMITS.username),
    password: Text(1, LIMITS.password),
    code: Type.Optional(Type.String({ maxLength: LIMITS.authenticatorCode, description: "The six digits the authenticator app shows now" })),
    recoveryCode: Type.Optional(Type.String({ maxLength: LIMITS.recoveryCode, description: "One of the account's recovery codes; each works once" })),
  },
  { additionalProperties: false },
);

export const PasswordChangeBody = Type.Object({ current: Text(1, LIMITS.password), new: Text(1, LIMITS.password) }, { additionalProperties: false });

const strict = { additionalProperties: false } as const;

/** Forgot password: a username or an email address (the form's one field is sent as `username`). */
export const PasswordResetRequestBody = Type.Object(
  { username: Type.Optional(Type.String({ maxLength: LIMITS.email })), email: Type.Optional(Type.String({ maxLength: LIMITS.email })) },
  strict,
);

/** A new password with the token of a reset link. */
export const PasswordResetLinkBody = Type.Object({ token: Text(1, LIMITS.linkToken), newPassword: Text(1, LIMITS.password) }, strict);

/** A new password with a password recovery code. */
export const PasswordResetCodeBody = Type.Object(
  { username: Text(1, LIMITS.username), code: Text(1, LIMITS.recoveryCode), newPassword: Text(1, LIMITS.password) },
  strict,
);

/** A new email address, with the current password. */
export const EmailChangeBody = Type.Object({ email: Text(1, LIMITS.email), password: Text(1, LIMITS.password) }, strict);

/** The current password alone: removing the email address, making new recovery codes. */
export const PasswordCheckBody = Type.Object({ password: Text(1, LIMITS.password) }, strict);

/** The token of an email verification link. */
export const EmailVerifyBody = Type.Object({ token: Text(1, LIMITS.linkToken) }, strict);

/** The language to read Hearth in: the API's PUT /api/v1/me/locale and the footer's switcher. */
export const LocaleBody = Type.Object({ locale: Type.Union(LOCALES.map((l) => Type.Literal(l))) }, { additionalProperties: false });
