/**
 * The bodies the personas API takes, shared by its routes and its HTML forms, which
 * validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import { LIMITS } from "../shared/limits.ts";
import { CAPACITIES, CAPACITY_KEYS, type CapacityKey as Key } from "./capacities.ts";

export const CapacityKey = Type.Unsafe<Key>({
  type: "string",
  enum: CAPACITY_KEYS,
  description: `A key of the capacity vocabulary: ${CAPACITY_KEYS.map((k) => `${k} (${CAPACITIES[k]})`).join(", ")}`,
});

const CapacityChoice = Type.Optional(
  Type.Union([CapacityKey, Type.Null()], { description: "Anonymous clinician personas only: the capacity it speaks in, from the vocabulary, or null for none" }),
);

const Kind = Type.Union([Type.Literal("personal"), Type.Literal("professional"), Type.Literal("anonymous_professional")]);

export const PersonaCreateBody = Type.Object(
  { kind: Kind, displayName: Type.Optional(Type.String({ maxLength: LIMITS.displayName })), carer: Type.Optional(Type.Boolean()), capacity: CapacityChoice },
  { additionalProperties: false },
);

export const PersonaPatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: LIMITS.displayName })),
    carer: Type.Optional(Type.Boolean()),
    capacity: CapacityChoice,
    acceptsPatientMessages: Type.Optional(Type.Boolean({ description: "Clinician personas only: whether patients may message this persona" })),
    availability: Type.Optional(
      Type.Union([Type.String({ maxLength: LIMITS.availability }), Type.Null()], { description: `Clinician personas only: when it answers, up to ${LIMITS.availability} characters; empty or null clears it` }),
    ),
  },
  { additionalProperties: false },
);
