/**
 * Where the links mailed for account recovery lead, and how long they work: read by the
 * mail job, the service and the pages (which must not reach the database, so these
 * live apart from both).
 */

/** The page a verification link opens. */
export const VERIFY_EMAIL_PATH = "/account/email/verify";
/** The page a reset link opens. */
export const RESET_PASSWORD_PATH = "/forgot-password/reset";
/** A password reset link works for this long (ADR 29). */
export const RESET_LINK_MINUTES = 60;
/** An email verification link works for this long. */
export const VERIFY_LINK_HOURS = 24;
/** Said when a mailed link cannot be used: expired, used already, or never one of ours. */
export const LINK_EXPIRED = "This link has expired or was already used. Links work once, for a limited time. Ask for a new one.";
