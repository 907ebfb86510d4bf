/**
 * The demo's poll (issue 11): the thread's author asks when the online meet-up suits
 * people, and three demo people have voted, through the real polls service.
 */
import type { PollsService } from "../polls/polls.service.ts";
import type { Viewer } from "../shared/viewer.ts";
import { DEMO_THREADS } from "./demo-content.ts";

export const DEMO_POLL = {
  thread: "Cold mornings and getting out of the house",
  question: "Which time suits you for the online meet-up?",
  options: ["Tuesday, late morning", "Thursday, early evening", "Saturday afternoon"],
  /** Who voted (an index into DEMO_PEOPLE) and for which options. */
  votes: [
    { person: 0, options: [1] },
    { person: 2, options: [1] },
    { person: 3, options: [2] },
  ],
  /** Open for two weeks from the seed. */
  openForDays: 14,
};

/** Adds the demo poll to its thread (by title, in `threads`) as the thread's author, and the demo people's votes. */
export async function seedDemoPoll(polls: PollsService, people: Viewer[], threads: Map<string, string>) {
  const thread = DEMO_THREADS.find((t) => t.title === DEMO_POLL.thread)!;
  const closesAt = new Date(Date.now() + DEMO_POLL.openForDays * 86_400_000).toISOString();
  const { id } = await polls.createPoll(people[thread.author]!, threads.get(thread.title)!, { question: DEMO_POLL.question, options: DEMO_POLL.options, closesAt });
  for (const vote of DEMO_POLL.votes) await polls.vote(people[vote.person]!, id, { options: vote.options });
}
