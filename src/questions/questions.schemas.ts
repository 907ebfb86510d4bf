/** The bodies and views of the edge network's API (ADR 49), shared by its routes and its forms (ADR 28). */
import { Type } from "typebox";
import { PersonaViewSchema, Text } from "../http/schemas.ts";
import { CONDITION_LIMITS, LIMITS, QUESTION_LIMITS } from "../shared/limits.ts";

const PersonaChoice = Type.Optional(Type.String({ maxLength: 100, description: "Which of your personas; the personal one when left out" }));
// Over-long topics reach the service, which says so in words after normalising them.
const Topic = Type.String({ maxLength: 100 });
const Topics = (max: number, description: string) => Type.Array(Topic, { maxItems: max, description });

export const Basis = Type.Union([Type.Literal("clinical"), Type.Literal("lived"), Type.Literal("both")], {
  description: "clinical or both: a clinician persona with a current badge only; lived: experience of the condition (an expert patient)",
});

export const ExpertiseBody = Type.Object(
  {
    topics: Topics(QUESTION_LIMITS.expertiseTopics, "1 to 20 topics; free words, gathered under the community's vocabulary (COPD, inhalers, pulmonary rehab)"),
    basis: Basis,
    personaId: PersonaChoice,
    routing: Type.Optional(Type.Boolean({ description: "Whether questions may be routed to this persona (default true)" })),
    weeklyLimit: Type.Optional(Type.Integer({ minimum: QUESTION_LIMITS.weeklyLimit.min, maximum: QUESTION_LIMITS.weeklyLimit.max, description: "At most this many questions in seven days (default 3)" })),
  },
  { additionalProperties: false },
);

export const QuestionBody = Type.Object(
  {
    title: Text(1, LIMITS.threadTitle),
    body: Text(1, LIMITS.postBody),
    topics: Topics(QUESTION_LIMITS.questionTopics, "1 to 5 topics"),
    personaId: PersonaChoice,
    space: Type.Optional(Type.String({ maxLength: 100, description: "The space to ask in; by default the community's first space you may write in" })),
    language: Type.Optional(Type.String({ minLength: 2, maxLength: 3 })),
    contentWarnings: Type.Optional(Type.Array(Type.String({ maxLength: CONDITION_LIMITS.warning }), { maxItems: CONDITION_LIMITS.warnings })),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object({ body: Text(1, LIMITS.postBody), personaId: PersonaChoice, language: Type.Optional(Type.String({ minLength: 2, maxLength: 3 })) }, { additionalProperties: false });

export const EndorseBody = Type.Object({ personaId: PersonaChoice }, { additionalProperties: false });

export const TopicBody = Type.Object(
  {
    label: Text(1, 100),
    synonyms: Type.Optional(Topics(QUESTION_LIMITS.synonyms, "Other words for it here, each gathered under this topic")),
    conditionCode: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()], { description: "One of the charter's condition codes" })),
  },
  { additionalProperties: false },
);

const TopicLabel = Type.Object({ key: Type.String(), label: Type.String() });

export const QuestionViewSchema = Type.Object({
  threadId: Type.String(),
  topics: Type.Array(TopicLabel),
  status: Type.Union([Type.Literal("open"), Type.Literal("closed")]),
  acceptedPostId: Type.Union([Type.String(), Type.Null()]),
  asked: Type.Union([Type.Object({ count: Type.Integer(), nobodyLeft: Type.Boolean() }), Type.Null()], { description: "For the asker only: how many people were asked (never who), and whether nobody suitable is left" }),
  myRoute: Type.Union([Type.Object({ personaId: Type.String(), passed: Type.Boolean() }), Type.Null()], { description: "For a person asked only: as which of your personas" }),
  can: Type.Object({ answer: Type.Boolean(), accept: Type.Boolean(), close: Type.Boolean(), reopen: Type.Boolean(), passOn: Type.Boolean() }),
});

export const QuestionSummarySchema = Type.Object({
  threadId: Type.String(),
  title: Type.String(),
  topics: Type.Array(TopicLabel),
  status: Type.Union([Type.Literal("open"), Type.Literal("closed")]),
  accepted: Type.Boolean(),
  answered: Type.Boolean(),
  replyCount: Type.Integer(),
  createdAt: Type.String(),
});

export const AskedSchema = Type.Object({
  id: Type.String({ description: "The question's thread" }),
  postId: Type.String(),
  routedCount: Type.Integer({ description: "How many people were asked; never who" }),
  crisisSupport: Type.Boolean(),
});

const ExpertiseFields = Type.Object({ topics: Type.Array(Type.String()), basis: Basis, routing: Type.Boolean(), weeklyLimit: Type.Integer() });

export const OwnExpertiseSchema = Type.Object({ persona: PersonaViewSchema, expertise: Type.Union([ExpertiseFields, Type.Null()]), mayClaimClinical: Type.Boolean() });

export const PublicExpertiseSchema = Type.Object({
  personaId: Type.String(),
  topics: Type.Array(Type.String()),
  basis: Basis,
  endorsements: Type.Object({ members: Type.Integer(), clinicians: Type.Integer() }, { description: "How many endorse it, never who" }),
  endorsedByMe: Type.Boolean(),
  can: Type.Object({ endorse: Type.Boolean() }),
});

export const TopicViewSchema = Type.Object({ key: Type.String(), label: Type.String(), conditionCode: Type.Union([Type.String(), Type.Null()]), synonyms: Type.Array(Type.String()) });
