/**
 * The demo's follows and bookmarks (issue 11): the newcomer has taken the smallest steps,
 * following the thread they started and a space, following a steward, and keeping a thread
 * to read again. Through the real service, as the newcomer.
 */
import { DEMO_WELCOME_THREAD } from "./demo-content.ts";
import type { FollowsService } from "../follows/follows.service.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

export const DEMO_FOLLOWS = {
  /** The index in DEMO_PEOPLE of the newcomer, and of the steward they follow. */
  newcomer: 3,
  steward: 0,
  thread: DEMO_WELCOME_THREAD,
  space: "everyday-life",
  bookmark: "Questions to take to my next appointment",
} as const;

export async function seedDemoFollows(follows: FollowsService | undefined, people: Viewer[], slug: string, threads: Map<string, string>): Promise<void> {
  const newcomer = people[DEMO_FOLLOWS.newcomer];
  const steward = people[DEMO_FOLLOWS.steward];
  if (!follows || !newcomer || !isSignedIn(newcomer) || !steward || !isSignedIn(steward)) return;
  const thread = threads.get(DEMO_FOLLOWS.thread);
  const kept = threads.get(DEMO_FOLLOWS.bookmark);
  if (thread) await follows.followThread(newcomer, thread);
  await follows.followSpace(newcomer, slug, DEMO_FOLLOWS.space);
  const stewardFace = steward.personas.find((p) => p.kind === "personal");
  if (stewardFace) await follows.followPersona(newcomer, stewardFace.id);
  if (kept) await follows.bookmarkThread(newcomer, kept);
}
