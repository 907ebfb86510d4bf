/**
 * Writing as a chosen persona and moderating, made through the API. Each returns the
 * raw response so that refusals can be checked. Administrators and clinicians come
 * from clinician-fixtures.ts.
 */
import type { TestApp } from "./test-app.ts";
import type { Member } from "./factories.ts";

/** Starts a thread as a chosen persona; returns the raw response so refusals can be checked. */
export function postThread(t: TestApp, author: Member, communitySlug: string, personaId?: string, title = "A question from the ward") {
  return t.request({
    method: "POST",
    url: `/api/v1/communities/${communitySlug}/spaces/general/threads`,
    token: author.token,
    payload: { title, body: "Has anyone tried pacing before physio?", ...(personaId ? { personaId } : {}) },
  });
}

/** Replies as a chosen persona; returns the raw response. */
export function postReply(t: TestApp, author: Member, threadId: string, personaId?: string, body = "Thank you, that helps.") {
  return t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: author.token, payload: { body, ...(personaId ? { personaId } : {}) } });
}

/** Takes a moderation action; returns the raw response. */
export function moderate(t: TestApp, moderator: { token: string }, payload: Record<string, unknown>) {
  return t.request({ method: "POST", url: "/api/v1/moderation/actions", token: moderator.token, payload });
}
