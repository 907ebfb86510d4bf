/**
 * What an event's row is made of and how a change to it is described: the columns written from a
 * checked event (its description rendered once, at write time), the changes an edit makes that
 * the people who answered are told of, and the one answer a member may give.
 */
import { invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { renderMarkdown } from "../shared/markdown.ts";
import type * as repo from "./meetups.repo.ts";
import type { CheckedEvent } from "./event-input.ts";

/** What an edit changed that the people who answered are told of. */
export type EventChangeKind = "time" | "place" | "link" | "capacity";

export function answerOf(value: string): "going" | "maybe" | "not_going" {
  if (value === "going" || value === "maybe" || value === "not_going") return value;
  throw invalid("status", msg("problem.mustBeOneOf", { options: "going, maybe, not_going" }));
}

export function columnsOf(checked: CheckedEvent) {
  return {
    title: checked.title,
    description: checked.description,
    description_html: renderMarkdown(checked.description),
    starts_at: checked.startsAt,
    ends_at: checked.endsAt,
    time_zone: checked.timeZone,
    mode: checked.mode,
    location: checked.location,
    directions: checked.directions,
    online_url: checked.onlineUrl,
    capacity: checked.capacity,
    accessibility: checked.accessibility,
  };
}

export function changesBetween(row: repo.EventRow, next: CheckedEvent): EventChangeKind[] {
  const changes: EventChangeKind[] = [];
  if (row.starts_at.getTime() !== next.startsAt.getTime() || row.ends_at.getTime() !== next.endsAt.getTime()) changes.push("time");
  if (row.location !== next.location || row.directions !== next.directions || row.mode !== next.mode) changes.push("place");
  if (row.online_url !== next.onlineUrl) changes.push("link");
  if (row.capacity !== next.capacity) changes.push("capacity");
  return changes;
}
