/**
 * The name others see on a new account's personal persona. It is never the username:
 * the username is half of what a person signs in with, and a persona's name is on
 * everything they write. Sign-up suggests a friendly generated one ("Quiet Heron")
 * that the person may keep or change.
 */
import { randomInt } from "node:crypto";
import { AppError } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { LIMITS } from "../shared/limits.ts";
import { normaliseName, publicNameProblem } from "../shared/text.ts";

const ADJECTIVES = [
  "Quiet", "Gentle", "Bright", "Calm", "Steady", "Kind", "Patient", "Brave", "Warm", "Hopeful",
  "Careful", "Cheerful", "Curious", "Golden", "Silver", "Misty", "Sunny", "Amber", "Mellow", "Nimble",
  "Restful", "Sturdy", "Thoughtful", "Wise", "Merry", "Tender", "Quick", "Bold", "Lively", "Snowy",
];
const NOUNS = [
  "Heron", "Otter", "Willow", "Robin", "Badger", "Maple", "Wren", "Harbour", "Meadow", "Finch",
  "Fox", "Hare", "Birch", "Lark", "Thrush", "Brook", "Fern", "Kestrel", "Owl", "Pebble",
  "Rowan", "Sparrow", "Swift", "Oak", "Clover", "Dove", "Linnet", "Hazel", "Puffin", "Juniper",
];

/** A friendly name made of an adjective and a noun, such as "Quiet Heron" (900 of them; not unique, nor meant to be). */
export function suggestDisplayName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${NOUNS[randomInt(NOUNS.length)]}`;
}

/**
 * What is wrong with the display name a person chose at sign-up (for the
 * `displayName` field), or null: what the one normaliser refuses (blank, too long,
 * invisible or control characters), a name kept for anonymous clinicians (checked on
 * the normalised skeleton, so look-alike letters do not pass), or the username itself
 * (compared normalised and case-insensitively).
 */
export function displayNameProblem(displayName: string, username: string): Said | null {
  let name: string;
  try {
    name = normaliseDisplayName(displayName);
  } catch (error) {
    if (error instanceof AppError && error.fields?.displayName) return error.saidFieldsOr(error.fields).displayName ?? error.fields.displayName;
    throw error;
  }
  return publicNameProblem(name, username);
}

const DISPLAY_NAME_EMPTY = msg("problem.displayName.empty");

/** The display name as it is kept: NFKC-normalised and trimmed (throws a 400 on `displayName` otherwise). */
export function normaliseDisplayName(displayName: string): string {
  return normaliseName("displayName", displayName, { max: LIMITS.displayName, empty: DISPLAY_NAME_EMPTY });
}
