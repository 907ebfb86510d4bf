/**
 * The bodies the moderation API takes, shared by its routes and its HTML forms, which
 * validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import { LIMITS } from "../shared/limits.ts";

const L = Type.Literal;
export const TargetType = Type.Union([L("post"), L("thread"), L("persona")]);
export const Action = Type.Union([L("dismiss"), L("hide"), L("unhide"), L("warn"), L("suspend"), L("unsuspend"), L("ban")]);
export const FlagReason = Type.Union([L("medical_misinformation"), L("harassment"), L("spam"), L("safeguarding"), L("identifying"), L("other")]);
const Id = Type.String({ maxLength: 100 });

export const ModerationActionBody = Type.Object(
  {
    flagId: Type.Optional(Type.Union([Id, Type.Null()])),
    targetType: TargetType,
    targetId: Id,
    action: Action,
    reason: Type.String({ minLength: 1, maxLength: LIMITS.moderationReason }),
    community: Type.Optional(Type.Union([Type.String({ maxLength: 100, description: "The community's address; needed when the target is a persona" }), Type.Null()])),
    until: Type.Optional(Type.Union([Type.String({ maxLength: 40, description: "When a suspension ends: 2030-01-31 or a date and time" }), Type.Null()])),
    alsoHideThread: Type.Optional(Type.Boolean({ description: "With hide on the opening post of a thread: hide the thread too (its own log entry)" })),
  },
  { additionalProperties: false },
);

export const FlagBody = Type.Object(
  {
    targetType: Type.Union([L("post"), L("thread"), L("persona"), L("event")]),
    targetId: Id,
    reason: FlagReason,
    note: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.flagNote }), Type.Null()])),
    community: Type.Optional(Type.Union([Type.String({ maxLength: 100, description: "The community's address; needed when flagging a persona" }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const BreakGlassRequestBody = Type.Object(
  { personaId: Type.String({ maxLength: 300, description: "The persona's id, or its page address (https://…/personas/<id>)" }), reason: Type.String({ minLength: 1, maxLength: LIMITS.moderationReason }) },
  { additionalProperties: false },
);

export const BreakGlassDecisionBody = Type.Object(
  {
    decision: Type.Union([L("approve"), L("reject")]),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.moderationReason }), Type.Null()])),
  },
  { additionalProperties: false },
);
