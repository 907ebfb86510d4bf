/**
 * The demo's condition-aware content (issue 11, part 6; ADR 39): a COPD glossary, UK
 * crisis resources in the charter, and a gently written thread about end-of-life wishes
 * folded behind its content warning, all through the real services. Made-up people and words.
 */
import type { DiscussionService } from "../discussion/discussion.service.ts";
import type { GlossaryService } from "../glossary/glossary.service.ts";
import type { Viewer } from "../shared/viewer.ts";

export const DEMO_GLOSSARY = [
  { term: "exacerbation", definition: "A flare-up: your breathing, cough or phlegm get worse than usual for a few days or more. Your action plan says what to do." },
  { term: "spirometry", definition: "A breathing test: you blow as hard and as long as you can into a tube, to measure how much air your lungs hold and how fast it comes out." },
  { term: "pulmonary rehabilitation", definition: "A course of exercise and advice, usually twice a week for six weeks, that helps you breathe and move more easily." },
  { term: "reliever inhaler", definition: "The inhaler you use when you are breathless, often blue. It works in minutes, but only for a few hours." },
];

export const DEMO_CRISIS = {
  dangerNow: "Call 999, or go to your nearest A&E.",
  crisisResources: [
    { country: "GB", name: "Samaritans", phone: "116 123", url: "https://www.samaritans.org", hours: "24 hours, every day, free" },
    { country: "GB", name: "NHS 111", phone: "111", url: "https://111.nhs.uk", hours: "24 hours, for urgent help that is not an emergency" },
    { country: "GB", name: "Shout", text: "text SHOUT to 85258", hours: "24 hours, free" },
  ],
};

export const DEMO_WARNED_THREAD = {
  space: "everyday-life",
  /** Sue (a carer; an index into DEMO_PEOPLE). */
  author: 2,
  title: "Talking with Dad about what he wants, later on",
  contentWarnings: ["end of life"],
  body:
    "Dad's consultant asked if we had talked about his wishes for later on. We finally did, over a cup of tea on Sunday.\n\n" +
    "He was calmer about it than I was. He wants to stay at home if he can, with his chair by the window, and he has written it down with the palliative care nurse.\n\n" +
    "If you have had this conversation, what helped?",
  reply: { author: 3, body: "We did the same with my wife's mum last year. Writing it down took a weight off all of us. Thinking of you both." },
};

/** Seeds the glossary as the owner, and the warned thread (the crisis resources are in DEMO_COMMUNITY's charter). */
export async function seedDemoSafety(deps: { discussion: DiscussionService; glossary?: GlossaryService }, owner: Viewer, people: Viewer[], slug: string) {
  // The community is new (the seed runs only on an empty database): its glossary is empty.
  if (deps.glossary) for (const entry of DEMO_GLOSSARY) await deps.glossary.addTerm(owner, slug, entry);
  const { id } = await deps.discussion.createThread(people[DEMO_WARNED_THREAD.author]!, slug, DEMO_WARNED_THREAD.space, { ...DEMO_WARNED_THREAD, language: "en" });
  await deps.discussion.reply(people[DEMO_WARNED_THREAD.reply.author]!, id, { body: DEMO_WARNED_THREAD.reply.body, language: "en" });
}
