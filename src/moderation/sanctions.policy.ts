/**
 * What a suspended or banned account is told when it tries to write. The sentence
 * names the date so the person knows when they can come back.
 */
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { dayWords } from "./moderation.words.ts";
import type { ActiveSanction } from "./sanctions.repo.ts";

/** The 403 for an account stopped from writing in a community (whichever persona it writes as). */
export function sanctionError(sanction: ActiveSanction): AppError {
  if (sanction.kind === "ban" || sanction.until === null) {
    return new AppError("banned", 403, msg("error.sanction.banned"));
  }
  const until = sanction.until.toISOString();
  return new AppError(
    "suspended",
    403,
    (t) => t.text("error.sanction.suspended", { until: dayWords(until, t) }),
  );
}
