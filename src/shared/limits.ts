/**
 * Every length limit on text a person types, in one place (ADR 18). Route schemas
 * (maxLength; HTML forms validate with those same schemas, ADR 28) and services read these numbers, so the
 * API, the HTML forms and the CLI take exactly the same values; test/bad-input
 * checks that the OpenAPI document agrees.
 */
export const LIMITS = {
  username: 30,
  password: 200,
  email: 254,
  /** A community's or a space's web address. */
  slug: 40,
  communityName: 120,
  purpose: 2000,
  spaceName: 120,
  spaceDescription: 1000,
  conditionName: 200,
  conditionCode: 40,
  conditions: 20,
  rule: 1000,
  rules: 50,
  declaration: 4000,
  threadTitle: 200,
  postBody: 20_000,
  displayName: 60,
  availability: 200,
  moderationReason: 2000,
  flagNote: 2000,
  profession: 100,
  specialty: 100,
  registrationNumber: 60,
  /** A clinician's name as it appears on their register. */
  registerName: 120,
  evidence: 4000,
  searchQuery: 200,
  /** What someone asking to join writes to the community's managers. */
  joinMessage: 1000,
  /** The token of a link mailed to someone (confirming an email address, resetting a password). */
  linkToken: 200,
  /** What is typed from an authenticator app: six digits, with room for spaces. */
  authenticatorCode: 20,
  /** A recovery code (two-step sign-in or password), with room for dashes and spaces. */
  recoveryCode: 40,
  /** A poll's question, and each of its options (a thread's poll, ADR 36). */
  pollQuestion: 300,
  pollOption: 200,
  /** An event's title, description (Markdown), place, directions, online link and accessibility notes (ADR 45). */
  eventTitle: 200,
  eventDescription: 10_000,
  eventLocation: 500,
  eventDirections: 2000,
  eventUrl: 2000,
  eventNotes: 2000,
  /** What organisers write to the people who answered. */
  eventMessage: 4000,
} as const;

/** The most places an event may have, and the most co-organisers beside the one who made it. */
export const EVENT_LIMITS = { capacity: 100_000, organisers: 10 } as const;

/** How many options a poll offers: at least two, at most ten. */
export const POLL_OPTIONS = { min: 2, max: 10 } as const;

/** The shortest password accepted (a few ordinary words together are stronger than a short jumble). */
export const MIN_PASSWORD_LENGTH = 10;

/** Posts on one page of a thread (a reply's redirect finds its page in these steps). */
export const THREAD_PAGE_SIZE = 50;

/** Check-in templates and answers (src/shared/checkin-template.ts). */
export const CHECKIN_LIMITS = { fields: 12, label: 80, option: 60, options: 10, text: 500, scaleSpan: 100 } as const;

/** Glossary terms (src/glossary). */
export const GLOSSARY_LIMITS = { term: 80, definition: 500, terms: 300 } as const;

/** Content warnings, crisis resources and phrases in a charter (src/shared/condition-content.ts). */
export const CONDITION_LIMITS = { warnings: 20, warning: 40, resources: 30, resourceField: 200, dangerNow: 300, phrases: 100, phrase: 80 } as const;

/**
 * The edge network (ADR 49): topics on a question and in a persona's expertise, a community's vocabulary,
 * and how many people a routing round asks and how long before an unanswered question is asked again.
 */
export const QUESTION_LIMITS = {
  topic: 40,
  questionTopics: 5,
  expertiseTopics: 20,
  synonyms: 10,
  vocabulary: 500,
  askPerRound: { min: 1, max: 20, default: 5 },
  rerouteAfterHours: { min: 1, max: 24 * 30, default: 48 },
  weeklyLimit: { min: 1, max: 20, default: 3 },
} as const;

/**
 * The learning log (src/learning-log, ADR 50): each reflection heading, a manual entry's title, the
 * name printed on the appraisal page, and minutes spent (a whole number, at most a day).
 */
export const LEARNING_LOG_LIMITS = { reflection: 2000, title: 200, printName: 120, minMinutes: 1, maxMinutes: 1440 } as const;
