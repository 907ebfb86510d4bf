/** The learning log API's bodies and views (TypeBox): shared by its routes and its forms (ADR 28). */
import { Type } from "typebox";
import { Text } from "../http/schemas.ts";
import { LEARNING_LOG_LIMITS } from "../shared/limits.ts";

const Heading = (description: string) => Type.Optional(Type.Union([Text(1, LEARNING_LOG_LIMITS.reflection), Type.Null()], { description: `${description}; null clears it` }));

export const ReflectionBody = Type.Object(
  {
    whatHappened: Heading("What happened"),
    whatLearned: Heading("What I learned"),
    whatNext: Heading("What I will do differently"),
  },
  { additionalProperties: false },
);

const Minutes = Type.Integer({ minimum: LEARNING_LOG_LIMITS.minMinutes, maximum: LEARNING_LOG_LIMITS.maxMinutes, description: "Minutes spent, a whole number up to a day" });

export const SettingsBody = Type.Object(
  {
    enabled: Type.Boolean({ description: "Record my replies in my learning log from now on (entries already made stay)" }),
    printName: Type.Optional(Type.Union([Type.String({ maxLength: LEARNING_LOG_LIMITS.printName }), Type.Null()], { description: "The name on the printed log; null or empty prints a blank line" })),
  },
  { additionalProperties: false },
);

export const NewEntryBody = Type.Object(
  {
    title: Text(1, LEARNING_LOG_LIMITS.title),
    date: Type.Optional(Type.String({ maxLength: 10, description: "YYYY-MM-DD; today when left out" })),
    minutes: Minutes,
    reflection: Type.Optional(ReflectionBody),
  },
  { additionalProperties: false },
);

export const EntryChangesBody = Type.Object({ minutes: Type.Optional(Minutes), reflection: Type.Optional(ReflectionBody) }, { additionalProperties: false });

const Nullable = Type.Union([Type.String(), Type.Null()]);

export const EntrySchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("question_answered"), Type.Literal("thread_engaged"), Type.Literal("other")]),
  title: Type.String({ description: "The thread's title when the entry was made, or your own" }),
  community: Type.Union([Type.Object({ name: Type.String(), slug: Type.String() }), Type.Null()]),
  link: Type.Union([Type.String(), Type.Null()], { description: "The thread, while it exists" }),
  date: Type.String({ description: "When it happened (ISO 8601)" }),
  minutes: Type.Integer(),
  minutesSource: Type.Union([Type.Literal("estimated"), Type.Literal("self_reported")]),
  reflection: Type.Object({ whatHappened: Nullable, whatLearned: Nullable, whatNext: Nullable }),
});

export const SettingsSchema = Type.Object({ enabled: Type.Boolean(), printName: Nullable });
