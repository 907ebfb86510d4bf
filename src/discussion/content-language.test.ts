/**
 * Content in many languages (issue 9): each thread and post records the language it is
 * written in, chosen by the writer or taken from the language Hearth reads in for them,
 * and is indexed with that language's text-search configuration, so that search finds a
 * word by its stem in the language it was written in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, signUp, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let writer: Member;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "0" } });
  writer = await signUp(t);
});
afterAll(async () => t?.close());

async function thread(slug: string, payload: object, headers: Record<string, string> = {}) {
  return t.request({ method: "POST", url: `/api/v1/communities/${slug}/spaces/general/threads`, token: writer.token, headers, payload });
}

const read = async (threadId: string) => (await t.request({ method: "GET", url: `/api/v1/threads/${threadId}`, token: writer.token })).json();

const search = async (slug: string, q: string) =>
  (await t.request({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent(q)}&community=${slug}` })).json().items as { type: string; threadId: string; snippet: string }[];

describe("the language of what is written", () => {
  it("is the one the writer names, else the language Hearth reads in for them", async () => {
    const { slug } = await createCommunity(t, writer);
    const french = await thread(slug, { title: "Les matins froids", body: "Comment faites-vous le matin ?", language: "fr" });
    expect(french.statusCode, french.body).toBe(201);
    const shown = await read(french.json().id);
    expect(shown.language).toBe("fr");
    expect(shown.posts.items[0].language).toBe("fr");

    const reply = await t.request({ method: "POST", url: `/api/v1/threads/${french.json().id}/posts`, token: writer.token, headers: { "accept-language": "cy" }, payload: { body: "Yn araf, gyda phaned." } });
    expect(reply.statusCode, reply.body).toBe(201);
    const unsaid = await thread(slug, { title: "Cold mornings", body: "How do you cope?" });
    expect((await read(unsaid.json().id)).language).toBe("en");
    expect((await read(french.json().id)).posts.items[1].language).toBe("cy");
  });

  it("refuses a language Hearth does not know, and writes nothing", async () => {
    const { slug } = await createCommunity(t, writer);
    const refused = await thread(slug, { title: "Not written", body: "Not written either.", language: "xx" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: "invalid_input", fields: { language: expect.stringContaining("en, cy or ar") } });
    const listed = await t.request({ method: "GET", url: `/api/v1/communities/${slug}/spaces/general/threads`, token: writer.token });
    expect(listed.json().items.map((i: { title: string }) => i.title)).not.toContain("Not written");
  });

  it("decides how its words are found: by their stem in its own language", async () => {
    const { slug } = await createCommunity(t, writer);
    // "marchaient" and "marcher" share the French stem "march"; in English they are two different words.
    const french = await thread(slug, { title: "Les promenades", body: "Les enfants marchaient lentement avec moi.", language: "fr" });
    const english = await thread(slug, { title: "Walks", body: "Les enfants marchaient lentement avec moi.", language: "en" });
    const found = await search(slug, "marcher");
    expect(found.map((hit) => hit.threadId)).toEqual([french.json().id]);
    expect(found[0]!.snippet).toContain("marchaient");
    // The word as it was written is found in both.
    expect(new Set((await search(slug, "marchaient")).map((hit) => hit.threadId))).toEqual(new Set([french.json().id, english.json().id]));
    // Welsh has no configuration in PostgreSQL: it is indexed word for word, and found so.
    const welsh = await thread(slug, { title: "Boreau oer", body: "Dw i'n cerdded yn araf yng Ngwynedd.", language: "cy" });
    expect((await search(slug, "Ngwynedd")).map((hit) => hit.threadId)).toEqual([welsh.json().id]);
  });
});
