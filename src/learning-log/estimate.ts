/**
 * How long an entry probably took, from the words (ADR 50): writing the reply at about 20 words a
 * minute (thinking included), reading what came before it at about 200, at least 5 minutes and at
 * most a day. An estimate is said to be one; the owner replaces it with what it really took.
 */
import { LEARNING_LOG_LIMITS } from "../shared/limits.ts";

export const WRITING_WORDS_PER_MINUTE = 20;
export const READING_WORDS_PER_MINUTE = 200;
export const MINIMUM_ESTIMATE = 5;
/** The posts before a reply counted as read: one page of a thread, what a person sees when replying. */
export const POSTS_READ = 50;

/** Words in a post's Markdown: runs of letters or digits, so punctuation and markup count for nothing. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export function estimateMinutes(written: string, read: string[]): number {
  const readWords = read.reduce((sum, body) => sum + countWords(body), 0);
  const minutes = Math.ceil(countWords(written) / WRITING_WORDS_PER_MINUTE + readWords / READING_WORDS_PER_MINUTE);
  return Math.min(LEARNING_LOG_LIMITS.maxMinutes, Math.max(MINIMUM_ESTIMATE, minutes));
}
