/**
 * The bodies the two-step sign-in API takes, shared by its routes and its HTML forms,
 * which validate with these same schemas (ADR 28), and the bodies of the forms that have
 * no API twin of their own (the sign-in code step, the password-and-code check).
 */
import { Type } from "typebox";
import { LIMITS } from "../shared/limits.ts";

const strict = { additionalProperties: false } as const;
const Code = Type.String({ maxLength: LIMITS.authenticatorCode, description: "The six digits the authenticator app shows now" });
const RecoveryCode = Type.String({ maxLength: LIMITS.recoveryCode, description: "One of the account's recovery codes; each works once" });

export const SecondFactorStartBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: LIMITS.password })), code: Type.Optional(Code), recoveryCode: Type.Optional(RecoveryCode) },
  strict,
);

export const SecondFactorConfirmBody = Type.Object({ code: Code }, strict);

export const SecondFactorOffBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: LIMITS.password }), code: Type.Optional(Code), recoveryCode: Type.Optional(RecoveryCode) },
  strict,
);

/** The sign-in code step: a code from the app or a recovery code, whichever the page asks for. */
export const SignInCodeBody = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.authenticatorCode, description: "The six digits the authenticator app shows now" })),
    recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.recoveryCode, description: "One of the account's recovery codes" })),
  },
  strict,
);

/**
 * Moving to a new phone and turning two-step sign-in off: the password and one code
 * field that takes either six digits from the app or a recovery code (so the recovery
 * code's limit), sent on to the API's shape as `code` or `recoveryCode`.
 */
export const TwoStepCheckBody = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
    code: Type.String({ minLength: 1, maxLength: LIMITS.recoveryCode, description: "Six digits from the app, or a recovery code" }),
  },
  strict,
);
