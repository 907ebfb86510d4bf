/** Short forms for API calls as a member (or as a guest, with null), for tests that make many. */
import { expect } from "vitest";
import type { Member } from "./factories.ts";
import type { TestApp } from "./test-app.ts";

/** `app` is a getter because test files create their app in beforeAll. */
export function requestsAs(app: () => TestApp) {
  const get = (member: Member | null, url: string) => app().request({ method: "GET", url, ...(member ? { token: member.token } : {}) });
  return {
    post: (member: Member | null, url: string, payload?: unknown) =>
      app().request({ method: "POST", url, ...(member ? { token: member.token } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) }),
    get,
    /** The slugs of the spaces a viewer is shown in a community, sorted. */
    spaceSlugs: async (member: Member | null, slug: string) => {
      const response = await get(member, `/api/v1/communities/${slug}/spaces`);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().items as { slug: string }[]).map((s) => s.slug).sort();
    },
  };
}
