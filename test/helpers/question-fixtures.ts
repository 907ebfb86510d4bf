/** Questions and expertise through the API (ADR 49), for tests of the edge network. */
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";
import { charter, type Member } from "./factories.ts";

type Who = { token: string };

/** Declares one persona's expertise (the personal one unless `personaId`). */
export async function declare(t: TestApp, who: Who, topics: string[], options: { basis?: string; personaId?: string; routing?: boolean; weeklyLimit?: number } = {}) {
  const response = await t.request({ method: "PUT", url: "/api/v1/me/expertise", token: who.token, payload: { topics, basis: options.basis ?? "lived", ...options } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Asks a question; returns its thread id and how many were asked. */
export async function ask(t: TestApp, who: Who, slug: string, topics: string[], options: { title?: string; body?: string; personaId?: string; space?: string } = {}) {
  const response = await t.request({
    method: "POST",
    url: `/api/v1/communities/${slug}/questions`,
    token: who.token,
    payload: { title: options.title ?? "How do you keep going on a bad breathing day?", body: options.body ?? "Some days the stairs feel impossible.", topics, ...options },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; postId: string; routedCount: number };
}

export async function answer(t: TestApp, who: Who, questionId: string, body = "Pace yourself: pursed-lip breathing on each step helps me.", personaId?: string) {
  const response = await t.request({ method: "POST", url: `/api/v1/questions/${questionId}/answers`, token: who.token, payload: { body, ...(personaId ? { personaId } : {}) } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

export async function questionAs(t: TestApp, who: Who | null, questionId: string) {
  const response = await t.request({ method: "GET", url: `/api/v1/questions/${questionId}`, ...(who ? { token: who.token } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { topics: { key: string; label: string }[]; asked: { count: number; nobodyLeft: boolean } | null; myRoute: { personaId: string; passed: boolean } | null; status: string; acceptedPostId: string | null; can: Record<string, boolean> };
}

/** Sets how the community routes questions (its charter's questionRouting). */
export async function setRouting(t: TestApp, owner: Member, slug: string, askPerRound: number, rerouteAfterHours = 48) {
  const response = await t.request({ method: "PATCH", url: `/api/v1/communities/${slug}`, token: owner.token, payload: { charter: { ...charter(), questionRouting: { askPerRound, rerouteAfterHours } } } });
  expect(response.statusCode, response.body).toBe(200);
}
