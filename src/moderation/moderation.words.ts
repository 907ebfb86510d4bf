/** Dates in words for moderation pages ("1 August 2026", UTC like every date Hearth shows). */

export { dayWords } from "../shared/dates.ts";
