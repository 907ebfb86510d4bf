/**
 * The demo's edge network (issue 14, ADR 49): the community's topics with their synonyms, an
 * expert patient (Raj, lived experience, endorsed by two members and the demo nurse) and the demo
 * nurse's anonymous clinician persona declaring what they know; Tom's question on pulmonary rehab,
 * routed to both, answered by both, the nurse's answer accepted and Raj's marked helpful; and
 * Sue's question on spacers, routed and still waiting for an answer.
 */
import type { ExpertiseService } from "../questions/expertise.service.ts";
import type { QuestionsService } from "../questions/questions.service.ts";
import type { ReactionsService } from "../reactions/reactions.service.ts";
import type { LearningLogService } from "../learning-log/learning-log.service.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

export const DEMO_TOPICS = [
  { key: "copd", label: "COPD", synonyms: ["chronic obstructive pulmonary disease", "emphysema"], conditionCode: "13645005" },
  { key: "inhalers", label: "Inhalers", synonyms: ["puffers", "spacers"] },
  { key: "pulmonary rehab", label: "Pulmonary rehab", synonyms: ["pulmonary rehabilitation", "rehab"] },
];

export const DEMO_EXPERT_PATIENT = { person: 1, topics: ["COPD", "pulmonary rehab", "inhalers"], endorsedBy: [0, 2] };
export const DEMO_CLINICIAN_EXPERTISE = { topics: ["COPD", "inhalers", "pulmonary rehab"] };

export const DEMO_QUESTIONS = {
  answered: {
    asker: 3,
    title: "Is it normal to feel more breathless in the first weeks of pulmonary rehab?",
    body: "I started the rehab classes two weeks ago and I feel more out of breath after them, not less. Did anyone else find this? When did it get better?",
    topics: ["Pulmonary rehabilitation", "COPD"],
    nurse: "Speaking generally, as a respiratory nurse: feeling more breathless during and just after exercise early on is common, and the rehab team expects it. Tell them how you feel at each class; they set the pace with you. If you are breathless at rest, or it is getting worse day by day, contact your own GP or team.",
    patient: "Yes! Weeks two to four were the hardest for me. By week six the stairs at home were easier. Pursed-lip breathing between the exercises helped me most.",
  },
  waiting: {
    asker: 2,
    title: "Which spacer do you find easiest to clean?",
    body: "I help my dad with his inhaler and his spacer always seems cloudy. Which ones are easiest to keep clean?",
    topics: ["spacers"],
  },
};

type Parts = { expertise: ExpertiseService; questions: QuestionsService; reactions?: ReactionsService | undefined; learningLog?: LearningLogService | undefined };

export async function seedDemoQuestions(parts: Parts, owner: Viewer, people: Viewer[], nurse: Viewer, slug: string) {
  const { expertise, questions } = parts;
  for (const topic of DEMO_TOPICS) await expertise.setTopic(owner, slug, topic.key, topic);
  const raj = people[DEMO_EXPERT_PATIENT.person]!;
  const rajPersona = personalOf(raj);
  const nursePersona = isSignedIn(nurse) ? nurse.personas.find((p) => p.kind === "anonymous_professional")?.id : undefined;
  if (!rajPersona || !nursePersona) return;
  await expertise.set(raj, { topics: DEMO_EXPERT_PATIENT.topics, basis: "lived" });
  await expertise.set(nurse, { topics: DEMO_CLINICIAN_EXPERTISE.topics, basis: "clinical", personaId: nursePersona });
  for (const index of DEMO_EXPERT_PATIENT.endorsedBy) await expertise.endorse(people[index]!, rajPersona).catch(ignoreRepeat);
  await expertise.endorse(nurse, rajPersona, nursePersona).catch(ignoreRepeat);

  const existing = new Set((await questions.list(owner, slug)).items.map((q) => q.title));
  const { answered, waiting } = DEMO_QUESTIONS;
  if (!existing.has(answered.title)) {
    const asker = people[answered.asker]!;
    const asked = await questions.ask(asker, slug, { title: answered.title, body: answered.body, topics: answered.topics, language: "en" });
    const fromNurse = await questions.answer(nurse, asked.id, { body: answered.nurse, personaId: nursePersona, language: "en" });
    const fromRaj = await questions.answer(raj, asked.id, { body: answered.patient, language: "en" });
    await questions.accept(asker, fromNurse.id);
    // The nurse keeps a learning log: the answer is in it now, as the job would put it there (ADR 50).
    if (parts.learningLog) await parts.learningLog.recordReply(fromNurse.id);
    if (parts.reactions) await parts.reactions.react(asker, fromRaj.id, { kind: "helpful" });
  }
  if (!existing.has(waiting.title)) {
    await questions.ask(people[waiting.asker]!, slug, { title: waiting.title, body: waiting.body, topics: waiting.topics, language: "en" });
  }
}

const personalOf = (viewer: Viewer) => (isSignedIn(viewer) ? viewer.personas.find((p) => p.kind === "personal")?.id : undefined);

/** A seed cut short may already have endorsed: that is a 409 to pass over. */
function ignoreRepeat(error: unknown) {
  if (error instanceof Error && "status" in error && (error as { status: number }).status === 409) return;
  throw error;
}
