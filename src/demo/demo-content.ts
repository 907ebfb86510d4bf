/**
 * The words of the demo community. Made up, labelled as demo on every page, and
 * free of medical advice: people share experience and point to their own clinicians.
 */
import { DEMO_CHECKIN_TEMPLATE } from "./demo-checkins.ts";
import { DEMO_CRISIS } from "./demo-safety.ts";

export const DEMO_PEOPLE = [
  { username: "demo_ann", displayName: "Ann", carer: false },
  { username: "demo_raj", displayName: "Raj", carer: false },
  { username: "demo_sue", displayName: "Sue", carer: true },
  { username: "demo_tom", displayName: "Tom", carer: false },
] as const;

export const DEMO_COMMUNITY = {
  slug: "living-with-copd",
  name: "Living with COPD (demo)",
  purpose:
    "A demo community for people living with COPD (chronic obstructive pulmonary disease) and the people who look after them. " +
    "Everything here is made up to show how Hearth works. Nothing here is medical advice.",
  visibility: "public" as const,
  // The demo's first space is open to anyone, so the demo shows the public-space warning; a new community's is members only.
  firstSpace: "public" as const,
  charter: {
    conditions: [{ name: "Chronic obstructive pulmonary disease (COPD)", code: "13645005", system: "snomed-ct" as const }],
    rules: [
      "Be kind. Everyone here is dealing with a lot.",
      "Share your experience, not medical advice. Your own clinicians know your situation.",
      "Keep other people's stories here. Do not copy them elsewhere.",
      "No selling, no adverts, no recruiting for studies without the moderators' agreement.",
    ],
    funding: "Demo only: this community has no funding. A real community says here who pays for it.",
    businessModel: "None. Hearth communities carry no adverts and sell nothing.",
    dataUse:
      "Demo only. A real community says here what happens to members' data. On Hearth, data is never sold. You can delete any post you wrote; a way to download or delete everything at once is not built yet.",
    conflictsOfInterest: "None declared (demo).",
    // Members may fork it together: three signatures make a fork (ADR 48).
    forkSignatures: 3,
    // The language its members write in: a reader whose browser asks for none Hearth has reads its pages in it.
    language: "en-GB" as const,
    // The questions of its check-in (demo-checkins.ts): what people with COPD keep an eye on.
    checkinTemplate: DEMO_CHECKIN_TEMPLATE,
    // Where to turn in a crisis, in the UK (demo-safety.ts).
    ...DEMO_CRISIS,
  },
};

/**
 * A fork of the demo community for carers (ADR 43), made at seed time so lineage shows on both
 * sides: Sue's words go (her default is yes), Tom's never (no), the others are asked.
 */
export const DEMO_FORK = {
  slug: "copd-carers",
  name: "COPD carers (demo)",
  purpose: "A demo fork of Living with COPD for the people who look after someone. Only the posts whose authors agreed came with it.",
  spaces: ["carers"],
  travel: { 2: "yes", 3: "no" } as Record<number, "yes" | "no">,
};

/** A fork members are proposing (ADR 48): Raj proposed it and Sue signed; one more signature makes it. */
export const DEMO_PROPOSAL = { by: 1, signedBy: [2], slug: "copd-walkers", name: "COPD walkers (demo)", spaces: ["everyday-life"] } as const;

export const DEMO_SPACES = [
  { slug: "everyday-life", name: "Everyday life", description: "Getting through the day: stairs, shopping, sleep, weather.", visibility: "public" as const },
  {
    slug: "carers",
    name: "People who look after someone",
    description: "For carers: partners, children, friends and others who look after someone with COPD.",
    visibility: "carers" as const,
  },
];

/** `firstTitle`: the title the thread was started with, changed since by its author (the demo shows a title's history). */
/** Everything is in English (`en`) but for a reply that says otherwise: a community's members write in more than one language. */
/** The thread newcomers are asked to say hello in (src/participation): a newcomer did, and was welcomed. */
export const DEMO_WELCOME_THREAD = "Hello from a newcomer";
/** Who said hello there (an index into DEMO_PEOPLE), and who welcomed them with one tap besides replying (ADR 41). */
export const DEMO_WELCOME = { newcomer: 0, by: 1 } as const;

type DemoThread = { space: string; author: number; title: string; firstTitle?: string; body: string; replies: { author: number; body: string; language?: "cy" }[] };

export const DEMO_THREADS: DemoThread[] = [
  {
    space: "general",
    author: 0,
    title: "Hello from a newcomer",
    firstTitle: "Hello",
    body: "I was told I have COPD last month. I have not met anyone else with it yet. I mostly wanted to say hello and read for a while.",
    replies: [
      { author: 1, body: "Welcome, Ann. Reading for a while is a fine way to start. It took me a long time to post anything." },
      { author: 3, body: "Hello and welcome. The first months are the strangest. It does get more familiar." },
    ],
  },
  {
    space: "everyday-life",
    author: 1,
    title: "Cold mornings and getting out of the house",
    body: "Cold air makes the start of my day harder. What helps you get going on winter mornings?",
    replies: [
      { author: 3, body: "I plan the day so the walk to the shop is after lunch, when it is a little warmer." },
      { author: 0, body: "A scarf over my mouth and nose, and no rushing. I leave ten minutes earlier than I used to." },
      { author: 1, body: "Thank you both. Leaving earlier is such a simple idea and I had not thought of it." },
      {
        author: 3,
        language: "cy",
        body: "Yma yng Ngwynedd mae'r boreau'n oer ac yn wlyb. Dw i'n gwisgo sgarff dros fy ngheg ac yn cerdded yn araf i'r siop. Mae'n helpu.",
      },
    ],
  },
  {
    space: "everyday-life",
    author: 3,
    title: "Questions to take to my next appointment",
    body: "I always forget what I meant to ask. I now keep a list on my phone. What is on yours?\n\n- How to tell a bad day from a flare-up\n- Whether my inhaler technique is right",
    replies: [{ author: 0, body: "I add *what to do if things get worse at the weekend*. My nurse was glad I asked." }],
  },
  {
    space: "carers",
    author: 2,
    title: "Looking after my dad and looking after myself",
    body: "I look after my dad, who has COPD. Some weeks I forget to eat properly myself. How do other carers keep going?",
    replies: [],
  },
];

/**
 * A made-up nurse who answers as an anonymous clinician persona, to show the badge and a
 * capacity from the vocabulary ("Nursing"), never the verification's words (ADR 20). The
 * registration is on "another register" with a number no register issues, approved by
 * the demo seed itself (demo-verifier.ts), never by a person.
 */
export const DEMO_CLINICIAN = {
  username: "demo_lee",
  application: { profession: "Nurse", register: "other" as const, registrationNumber: "DEMO-0001", specialty: "Respiratory nurse (made up for the demo)" },
  capacity: "nursing",
  /** The reply, as the anonymous persona, to the thread of DEMO_THREADS with this title. */
  replyTo: "Questions to take to my next appointment",
  reply: "Speaking generally, as a nurse: bringing a list is a great idea. Your own team can check your inhaler technique with you at the appointment.",
};

/**
 * An open report, so the moderators' "Reports (1)" page has something to show: a reply
 * that says a little too much about where its author can be found, and a member who
 * noticed. The community's owner (its moderator) sees it; nobody is shown who sent it.
 */
export const DEMO_REPORT = {
  /** The thread of DEMO_THREADS the reply goes in. */
  thread: "Cold mornings and getting out of the house",
  author: 3,
  reply: "Tuesdays are my hardest day. I see the respiratory nurse at the Riverside clinic at nine, and the bus stop there has no shelter.",
  reporter: 2,
  reason: "identifying" as const,
  details: "This names a clinic, a day and a time. Someone could use it to find Tom. Could a moderator hide it, or ask Tom to edit it?",
};
