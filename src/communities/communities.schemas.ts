/**
 * The bodies the communities API takes, shared by its routes and its HTML forms, which
 * validate with these same schemas (ADR 28): one set of limits and choices for both doors.
 */
import { Type } from "typebox";
import { CharterSchema, CommunityVisibility, JoinPolicy, SpaceVisibility, Text } from "../http/schemas.ts";
import { LIMITS } from "../shared/limits.ts";

export const CommunityBody = Type.Object(
  {
    slug: Text(1, LIMITS.slug),
    name: Text(1, LIMITS.communityName),
    purpose: Text(1, LIMITS.purpose),
    visibility: CommunityVisibility,
    joinPolicy: Type.Optional(JoinPolicy),
    charter: CharterSchema,
    firstSpace: Type.Optional(
      Type.Union([Type.Literal("public"), Type.Literal("members")], {
        description: "Who reads the first space, General: members (the default), or public (anyone, in a public community)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CommunityPatchBody = Type.Object(
  {
    name: Type.Optional(Text(1, LIMITS.communityName)),
    purpose: Type.Optional(Text(1, LIMITS.purpose)),
    visibility: Type.Optional(CommunityVisibility),
    joinPolicy: Type.Optional(JoinPolicy),
    charter: Type.Optional(Type.Partial(CharterSchema)),
  },
  { additionalProperties: false },
);

export const SpaceBody = Type.Object(
  {
    slug: Text(1, LIMITS.slug),
    name: Text(1, LIMITS.spaceName),
    description: Type.Optional(Type.String({ maxLength: LIMITS.spaceDescription })),
    visibility: SpaceVisibility,
    pairedCommunity: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Clinicians' network only: the slug of the patient community this space supports" })),
  },
  { additionalProperties: false },
);

/** Renaming a space, or changing what it is for (HTML form only; an empty description clears it). */
export const SpaceEditBody = Type.Object(
  { name: Text(1, LIMITS.spaceName), description: Type.Optional(Type.String({ maxLength: LIMITS.spaceDescription })) },
  { additionalProperties: false },
);

/** Joining, or asking to join: a word to the managers where they approve members (HTML form only; the API's join takes no body). */
export const JoinBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: LIMITS.joinMessage })) }, { additionalProperties: false });

export const DecisionBody = Type.Object({ decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]) }, { additionalProperties: false });

export const RoleBody = Type.Object({ role: Type.Union([Type.Literal("owner"), Type.Literal("moderator"), Type.Literal("member")]) }, { additionalProperties: false });
