/** The ladder's steps, lowest rung first: each a little more of oneself than the one before (no SQL here: pages and routes read it). */
import type { ParticipationStepsTable } from "../db/schema.ts";

export type Step = ParticipationStepsTable["step"];

export const LADDER: readonly Step[] = ["read", "react", "checkin", "reply", "thread", "event", "helped"];

export type LadderView = { steps: { id: Step; done: boolean }[]; next: Step | null };
