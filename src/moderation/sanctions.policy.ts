/**
 * What a suspended or banned account is told when it tries to write. The sentence
 * names the date so the person knows when they can come back.
 */
import { AppError } from "../shared/errors.ts";
import { dayWords } from "./moderation.words.ts";
import type { ActiveSanction } from "./sanctions.repo.ts";

/** The 403 for an account stopped from writing in a community (whichever persona it writes as). */
export function sanctionError(sanction: ActiveSanction): AppError {
  if (sanction.kind === "ban" || sanction.until === null) {
    return new AppError("banned", 403, "You are banned from this community, so you cannot post, reply or react here.");
  }
  return new AppError(
    "suspended",
    403,
    `You are suspended from this community until ${dayWords(sanction.until.toISOString())}. You can still read, and post in other communities.`,
  );
}
