/**
 * What a flag or a moderation action may say: the checks of their fields, each a 400
 * naming the field, made before anything is looked up (ADR 21). Used by the moderation service.
 */
import type { FlagReason, ModerationActionKind, ModerationTargetType } from "../db/schema.ts";
import { invalid, invalidFields } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { LIMITS } from "../shared/limits.ts";
import { unsafeTextProblem } from "../shared/text.ts";

export type FlagInput = {
  targetType: ModerationTargetType | "event";
  targetId: string;
  reason: FlagReason;
  note?: string | null;
  community?: string | null;
};

export const FLAG_REASONS: readonly FlagReason[] = ["medical_misinformation", "harassment", "spam", "safeguarding", "identifying", "other"];
export const FLAG_TARGETS: readonly FlagInput["targetType"][] = ["post", "thread", "persona", "event"];
/** The longest suspension; anything longer is a ban. */
export const MAX_SUSPENSION_DAYS = 5 * 365;

export function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw invalid("reason", msg("problem.moderation.sayWhy"));
  if (trimmed.length > LIMITS.moderationReason) throw invalid("reason", msg("problem.keepUnder", { max: String(LIMITS.moderationReason) }));
  const bad = unsafeTextProblem(trimmed);
  if (bad) throw invalid("reason", bad);
  return trimmed;
}

/**
 * Checks every field of a flag, all at once and before any lookup: a problem with
 * what was sent is a 400 naming each wrong field, whatever the flag is about.
 */
export function checkFlagInput(input: FlagInput): { targetType: FlagInput["targetType"]; note: string | null } {
  const fields: Record<string, Said> = {};
  if (!FLAG_TARGETS.includes(input.targetType)) fields.targetType = msg("problem.chooseOneOf", { options: FLAG_TARGETS.join(", ") });
  if (typeof input.targetId !== "string" || !input.targetId) fields.targetId = msg("problem.flag.sayWhat");
  if (!FLAG_REASONS.includes(input.reason)) fields.reason = msg("problem.chooseOneOf", { options: FLAG_REASONS.join(", ") });
  const note = typeof input.note === "string" ? input.note.trim() || null : null;
  if (input.note !== undefined && input.note !== null && typeof input.note !== "string") fields.note = msg("problem.flag.noteAsText");
  else if (note && note.length > LIMITS.flagNote) fields.note = msg("problem.keepUnder", { max: String(LIMITS.flagNote) });
  else if (note && unsafeTextProblem(note)) fields.note = unsafeTextProblem(note)!;
  const community = input.community ?? "";
  if (input.targetType === "persona" && !community) fields.community = msg("problem.flag.whichCommunity");
  else if (community && (community.length > LIMITS.slug || unsafeTextProblem(community))) fields.community = msg("problem.flag.notACommunity");
  if (Object.keys(fields).length > 0) throw invalidFields(fields);
  return { targetType: input.targetType, note };
}


const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The end of a suspension: required for suspend, refused for anything else. */
export function checkUntil(action: ModerationActionKind, until: string | null | undefined, now = new Date()): Date | null {
  const given = until !== undefined && until !== null && until !== "";
  if (action !== "suspend") {
    if (given) throw invalid("until", msg("problem.until.onlySuspension"));
    return null;
  }
  if (!given) throw invalid("until", msg("problem.until.sayWhen"));
  const text = until!.trim();
  const date = DATE_ONLY.test(text) ? new Date(`${text}T00:00:00Z`) : DATE_TIME.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || (DATE_ONLY.test(text) && date.toISOString().slice(0, 10) !== text)) {
    throw invalid("until", msg("problem.until.format"));
  }
  if (date.getTime() <= now.getTime()) throw invalid("until", msg("problem.until.future"));
  if (date.getTime() > now.getTime() + MAX_SUSPENSION_DAYS * 86_400_000) throw invalid("until", msg("problem.until.tooLong"));
  return date;
}

