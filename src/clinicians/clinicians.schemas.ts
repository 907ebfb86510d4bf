/**
 * The bodies the clinician-verification API takes, shared by its routes and its HTML
 * forms, which validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import type { ClinicalRegister } from "../db/schema.ts";
import { LIMITS } from "../shared/limits.ts";
import { REGISTERS } from "./registers.ts";

const Register = Type.Union((Object.keys(REGISTERS) as ClinicalRegister[]).map((r) => Type.Literal(r as "GMC")));

export const ApplicationBody = Type.Object(
  {
    profession: Type.String({ minLength: 1, maxLength: LIMITS.profession }),
    register: Register,
    registrationNumber: Type.String({ minLength: 1, maxLength: LIMITS.registrationNumber }),
    specialty: Type.String({ minLength: 1, maxLength: LIMITS.specialty }),
    evidence: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.evidence }), Type.Null()])),
    registerName: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.registerName, description: "Your name as it appears on the register" })),
  },
  { additionalProperties: false },
);

export const VerificationDecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]), reason: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.moderationReason }), Type.Null()])) },
  { additionalProperties: false },
);
