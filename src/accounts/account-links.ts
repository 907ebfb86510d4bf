/**
 * Where the links mailed for account recovery lead, and how long they work: read by the
 * mail job, the service and the pages (which must not reach the database, so these
 * live apart from both).
 */

import { msg } from "../shared/i18n/message.ts";

/** The page a verification link opens. */
export const VERIFY_EMAIL_PATH = "/account/email/verify";
/** The page a reset link opens. */
export const RESET_PASSWORD_PATH = "/forgot-password/reset";
/** A password reset link works for this long (ADR 29). */
export const RESET_LINK_MINUTES = 60;
/** An email verification link works for this long. */
export const VERIFY_LINK_HOURS = 24;
/** Said when a mailed link cannot be used: expired, used already, or never one of ours. */
export const LINK_EXPIRED = msg("account.linkExpired");
