/**
 * JSON schemas of what the API sends and takes, shared by route files. Response
 * schemas also serialise: a field missing here never leaves the server.
 */
import { Type, type TSchema } from "typebox";
import { LIMITS } from "../shared/limits.ts";
import { ACCEPTED_SYSTEMS } from "../shared/condition-systems.ts";
import { CHOOSABLE_LOCALES } from "../shared/i18n/locales.ts";
import { CHECKIN_LIMITS } from "../shared/checkin-template.ts";
import { CONDITION_LIMITS, QUESTION_LIMITS } from "../shared/limits.ts";

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  },
  { $id: "Error" },
);

export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorSchema]));

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const Text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });

export const PersonaViewSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("personal"), Type.Literal("professional"), Type.Literal("anonymous_professional")]),
  displayName: Type.String(),
  capacity: Type.String(),
  capacityLabel: Type.String(),
  boundaries: Type.Optional(
    Type.Object(
      {
        acceptsPatientMessages: Type.Boolean({ description: "Whether this clinician persona takes direct messages from patients (a stated boundary)" }),
        availability: Type.Union([Type.String(), Type.Null()], { description: "When this clinician persona answers, in their words" }),
      },
      { description: "Only on clinician personas, in their own public view; the boundaries of this persona, not of an account" },
    ),
  ),
});

export const SpaceVisibility = Type.Union([Type.Literal("public"), Type.Literal("members"), Type.Literal("carers"), Type.Literal("clinicians")]);
export const CommunityVisibility = Type.Union([Type.Literal("public"), Type.Literal("members"), Type.Literal("hidden")]);
export const JoinPolicy = Type.Union([Type.Literal("open"), Type.Literal("approval")]);

export const SpaceViewSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: SpaceVisibility,
  audience: Type.String({ description: "Who can read what is written here, in words." }),
  readableByAnyone: Type.Optional(Type.Boolean({ description: "Anyone, search engines included, can read it" })),
  pairedCommunity: Type.Optional(
    Type.Object({ slug: Type.String(), name: Type.String() }, { description: "For a clinicians' network space: the patient community it supports" }),
  ),
});

export const ConditionSchema = Type.Object(
  {
    name: Text(1, LIMITS.conditionName),
    code: Type.Optional(Type.String({ maxLength: LIMITS.conditionCode, description: "A SNOMED CT concept id or an ICD-10 code" })),
    system: Type.Optional(
      // Spelled out by index so the static type keeps each literal (a mapped array widens it).
      Type.Union(
        [Type.Literal(ACCEPTED_SYSTEMS[0]), Type.Literal(ACCEPTED_SYSTEMS[1]), Type.Literal(ACCEPTED_SYSTEMS[2]), Type.Literal(ACCEPTED_SYSTEMS[3])],
        { description: "The code's system: snomed-ct or icd-10, or its FHIR URI (http://snomed.info/sct, http://hl7.org/fhir/sid/icd-10); stored as the short name" },
      ),
    ),
  },
  { additionalProperties: false },
);

const declaration = (what: string) => Type.String({ minLength: 1, maxLength: LIMITS.declaration, description: what });

/** A check-in template (issue 11): the questions of a community's check-in. */
export const CheckinTemplateSchema = Type.Object(
  {
    fields: Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 40, description: "Lower-case letters, digits and _; unique in the template" }),
          label: Text(1, CHECKIN_LIMITS.label),
          type: Type.Union([Type.Literal("scale"), Type.Literal("boolean"), Type.Literal("choice"), Type.Literal("text")]),
          min: Type.Optional(Type.Integer({ minimum: -100, maximum: 100, description: "A scale's lowest answer (0)" })),
          max: Type.Optional(Type.Integer({ minimum: -100, maximum: 200, description: "A scale's highest answer (10)" })),
          options: Type.Optional(Type.Array(Type.String({ maxLength: CHECKIN_LIMITS.option }), { maxItems: CHECKIN_LIMITS.options, description: "A choice's options (2 or more)" })),
        },
        { additionalProperties: false },
      ),
      { maxItems: CHECKIN_LIMITS.fields },
    ),
  },
  { additionalProperties: false },
);

export const CrisisResourceSchema = Type.Object(
  {
    country: Type.String({ minLength: 2, maxLength: 2, description: "ISO 3166-1 alpha-2, such as GB" }),
    name: Text(1, CONDITION_LIMITS.resourceField),
    phone: Type.Optional(Type.String({ maxLength: CONDITION_LIMITS.resourceField })),
    text: Type.Optional(Type.String({ maxLength: CONDITION_LIMITS.resourceField, description: "A text-message service: the number and what to send" })),
    url: Type.Optional(Type.String({ maxLength: CONDITION_LIMITS.resourceField, description: "https:// only" })),
    hours: Type.Optional(Type.String({ maxLength: CONDITION_LIMITS.resourceField })),
  },
  { additionalProperties: false },
);

export const CharterSchema = Type.Object(
  {
    conditions: Type.Array(ConditionSchema, { maxItems: LIMITS.conditions }),
    rules: Type.Array(Text(1, LIMITS.rule), { maxItems: LIMITS.rules }),
    funding: declaration("Who pays for this community"),
    businessModel: declaration("How it sustains itself"),
    dataUse: declaration("What happens to members' data"),
    conflictsOfInterest: declaration("Interests that could sway it"),
    language: Type.Optional(
      // Spelled out by index so the static type keeps each literal.
      Type.Union([Type.Literal(CHOOSABLE_LOCALES[0]), Type.Literal(CHOOSABLE_LOCALES[1]), Type.Literal(CHOOSABLE_LOCALES[2]), Type.Null()], {
        description: "The community's default language: its pages use it for a reader with no language of their own that Hearth has (no account choice, no footer choice, no match in Accept-Language); null goes back to the server's",
      }),
    ),
    checkinTemplate: Type.Optional(
      Type.Union([CheckinTemplateSchema, Type.Null()], {
        description: "The questions of the community's check-in; null or absent: the general wellbeing check-in (GET /api/v1/communities/:slug/checkin-template)",
      }),
    ),
    contentWarnings: Type.Optional(
      Type.Array(Type.String({ maxLength: CONDITION_LIMITS.warning }), { maxItems: CONDITION_LIMITS.warnings, description: "The content warnings a thread may carry; absent: bereavement, end of life, self-harm, suicide, eating disorders, pregnancy loss, graphic medical images" }),
    ),
    crisisResources: Type.Optional(Type.Array(CrisisResourceSchema, { maxItems: CONDITION_LIMITS.resources, description: "Shown on /c/:slug/help and to an author whose post contains crisis language" })),
    dangerNow: Type.Optional(Type.String({ maxLength: CONDITION_LIMITS.dangerNow, description: "The 'if you are in danger now' line; absent: call your local emergency number" })),
    crisisPhrases: Type.Optional(
      Type.Array(Type.String({ maxLength: CONDITION_LIMITS.phrase }), { maxItems: CONDITION_LIMITS.phrases, description: "Phrases, besides Hearth's default list, that raise a safeguarding alert for the moderators" }),
    ),
    forkSignatures: Type.Optional(
      Type.Union([Type.Integer({ minimum: 2, maximum: 100 }), Type.Null()], {
        description: "How many members' signatures make a fork they propose together (2 to 100); null or absent: only its owners and moderators fork it",
      }),
    ),
    questionRouting: Type.Optional(
      Type.Object(
        {
          askPerRound: Type.Integer({ minimum: QUESTION_LIMITS.askPerRound.min, maximum: QUESTION_LIMITS.askPerRound.max, description: "How many people each routing round asks (default 5)" }),
          rerouteAfterHours: Type.Integer({ minimum: QUESTION_LIMITS.rerouteAfterHours.min, maximum: QUESTION_LIMITS.rerouteAfterHours.max, description: "Hours before an unanswered question is asked of the next people (default 48)" }),
        },
        { additionalProperties: false, description: "How questions are routed (ADR 49); absent: 5 people, again after 48 hours" },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CommunityViewSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  visibility: CommunityVisibility,
  joinPolicy: JoinPolicy,
  isDemo: Type.Boolean(),
  kind: Type.Optional(
    Type.Union([Type.Literal("community"), Type.Literal("clinician_network")], { description: "clinician_network: the server's network for verified clinicians" }),
  ),
  charter: CharterSchema,
  memberCount: Type.Optional(Type.Integer()),
  myMembership: Type.Union([Type.Object({ role: Type.String(), status: Type.String() }), Type.Null()]),
  spaces: Type.Optional(Type.Array(SpaceViewSchema, { description: "The spaces the viewer can read" })),
  lockedSpaces: Type.Optional(
    Type.Array(
      Type.Object({
        slug: Type.String(),
        name: Type.String(),
        visibility: SpaceVisibility,
        forWhom: Type.String(),
        audience: Type.String(),
        can: Type.Object({ manage: Type.Boolean() }),
      }),
      { description: "The community's other spaces, which the viewer cannot read: name and audience only, never their threads" },
    ),
  ),
  trust: Type.Optional(Type.Object({ whoRuns: Type.String(), whoCanSee: Type.String() }, { description: "The honest-broker panel's answers written from the settings" })),
  can: Type.Optional(
    Type.Object(
      {
        manage: Type.Boolean({ description: "Run it: edit the charter, add, rename and delete spaces, decide on requests to join" }),
        join: Type.Boolean({ description: "Join, or ask to join" }),
        readSpaceFor: Type.Record(Type.String(), Type.Boolean(), { description: "For each audience a new space may have (public, members, carers, clinicians): whether the viewer could read such a space" }),
      },
      { description: "What the viewer may do with the community; the server still checks every action" },
    ),
  ),
  stewards: Type.Optional(Type.Array(Type.Object({ persona: PersonaViewSchema, role: Type.String() }), { description: "Who runs the community" })),
  pairedClinicianSpaces: Type.Optional(
    Type.Array(
      Type.Object({ community: Type.Object({ slug: Type.String(), name: Type.String() }), space: Type.Object({ slug: Type.String(), name: Type.String() }), audience: Type.String() }),
      { description: "Clinicians' network spaces that support this community; only verified clinicians can read them" },
    ),
  ),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const ReactionCounts = Type.Object({ thanks: Type.Integer(), me_too: Type.Integer(), hug: Type.Integer(), helpful: Type.Integer() });

/** What the viewer may do (a presenter's `can`): clients show only these controls; the server still checks each action. */
export const CanSchema = Type.Object(
  { reply: Type.Boolean(), edit: Type.Boolean(), delete: Type.Boolean(), moderate: Type.Boolean(), react: Type.Boolean() },
  { description: "What the viewer may do with this thread or post; the server still checks every action" },
);

export const PostViewSchema = Type.Object({
  id: Type.String(),
  body: Type.String(),
  html: Type.String({ description: "The body rendered from Markdown, safe to insert as it is" }),
  language: Type.Union([Type.String(), Type.Null()], { description: "The language it is written in (ISO 639-1); null when it was never recorded" }),
  author: Type.Union([PersonaViewSchema, Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  editedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  deleted: Type.Boolean(),
  notCarried: Type.Boolean(),
  reactions: ReactionCounts,
  myReactions: Type.Array(Type.String()),
  mine: Type.Boolean(),
  hidden: Type.Boolean({ description: "Hidden by a moderator; body and html are empty for readers other than the author and the moderators" }),
  masked: Type.Boolean({ description: "Hidden and this viewer may not read it: body and html are empty" }),
  can: CanSchema,
});

export const ThreadSummarySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  author: Type.Union([PersonaViewSchema, Type.Null()], { description: "Null once the thread's opening post was deleted (its title then says so)" }),
  replyCount: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
  lastPostedAt: Type.String({ format: "date-time" }),
  contentWarnings: Type.Array(Type.String(), { description: "Its content warnings; pages fold the opening post behind them" }),
  hidden: Type.Boolean({ description: "Hidden by a moderator (listed only for its author and the moderators)" }),
});

export const ThreadViewSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  language: Type.Union([Type.String(), Type.Null()], { description: "The language of its title and opening post (ISO 639-1); null when it was never recorded" }),
  contentWarnings: Type.Array(Type.String(), { description: "Its content warnings, each from its community's list" }),
  availableWarnings: Type.Array(Type.String(), { description: "The content warnings its community offers" }),
  replyCount: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
  community: Type.Object({ slug: Type.String(), name: Type.String(), isDemo: Type.Boolean() }),
  space: Type.Object({ slug: Type.String(), name: Type.String(), visibility: SpaceVisibility, audience: Type.String() }),
  canReply: Type.Boolean(),
  hidden: Type.Boolean({ description: "Hidden by a moderator; the title reads \"Hidden by a moderator\" for other readers" }),
  masked: Type.Boolean({ description: "Hidden and its title withheld from this viewer" }),
  can: CanSchema,
  openingDeleted: Type.Boolean({ description: "The opening post was deleted: the title and its author are no longer shown" }),
  titleEdited: Type.Boolean({ description: "The title was changed; its author and the moderators can read the earlier ones" }),
  posts: Page(PostViewSchema),
});

export const MemberViewSchema = Type.Object({
  persona: PersonaViewSchema,
  role: Type.String(),
  status: Type.String(),
  since: Type.String({ format: "date" }),
  message: Type.Optional(Type.String({ description: "What an applicant wrote with a request to join" })),
});

export const SearchHitSchema = Type.Object({
  type: Type.Union([Type.Literal("thread"), Type.Literal("post")]),
  threadId: Type.String(),
  postId: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  snippet: Type.String(),
  /** The snippet cut into pieces, the matched words marked; render each `text` escaped. */
  segments: Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() })),
  /** The same as HTML: text escaped, matches in <mark> (kept for clients that insert HTML). */
  snippetHtml: Type.String(),
  author: PersonaViewSchema,
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  space: Type.Object({ slug: Type.String(), name: Type.String() }),
  createdAt: Type.String({ format: "date-time" }),
});
