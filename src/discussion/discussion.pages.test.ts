import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { h } from "preact";
import { render } from "preact-render-to-string";
import type { SignedInViewer } from "../shared/viewer.ts";
import { PersonaPicker } from "./discussion.components.tsx";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** The ids of the posts on a thread page, in the order a reader meets them. */
const postIds = (html: string) => [...html.matchAll(/<article class="post" id="post-([^"]+)"/g)].map((m) => m[1]);

/** The one h1 of a page, as text. */
const heading = (html: string) => {
  const all = [...html.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)];
  expect(all).toHaveLength(1);
  return all[0]![1]!.replace(/<[^>]+>/g, "");
};

async function publicCommunityWithMember() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const member = await signUp(t);
  await join(t, member, community.slug);
  return { owner, community, member };
}

async function replyThroughApi(author: Member, threadId: string, body: string) {
  const response = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: author.token, payload: { body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

describe("space page", () => {
  it("lists threads with who started them and says who can read the space", async () => {
    const { owner, community } = await publicCommunityWithMember();
    await startThread(t, owner, community.slug, "general", { title: "Breathing <b>exercises</b>" });
    const guest = await newBrowser(t);
    const page = await guest.get(`/c/${community.slug}/s/general`);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe("General");
    expect(page.body).toContain(`href="/c/${community.slug}"`);
    expect(page.body).toContain("Anyone on the internet can read this.");
    expect(page.body).toContain("Breathing &lt;b>exercises&lt;/b>");
    expect(page.body).toContain(owner.displayName);
    expect(page.body).toContain("Personal");
    expect(page.body).toContain("Sign in or join Hearth to write here.");
    expect(page.body).not.toContain("Start the thread");
  });

  it("lets a member start a thread with the form and lands them on it", async () => {
    const { community, member } = await publicCommunityWithMember();
    const browser = await newBrowser(t, member);
    const space = await browser.get(`/c/${community.slug}/s/general`);
    expect(space.body).toContain('<label for="field-title">Title</label>');
    expect(space.body).toContain('<label for="field-body">Your message</label>');
    expect(space.body).not.toContain('name="personaId"'); // one persona: no picker
    const posted = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "Cold mornings", body: "How do you **get going**?" });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(/^\/t\/[A-Za-z0-9_-]{16}$/);
    const thread = await browser.get(posted.headers.location as string);
    expect(heading(thread.body)).toBe("Cold mornings");
    expect(thread.body).toContain("<strong>get going</strong>");
    expect(thread.body).toContain("Post reply");
  });

  it("keeps what was typed and names the problem when the title is missing", async () => {
    const { community, member } = await publicCommunityWithMember();
    const browser = await newBrowser(t, member);
    await browser.get(`/c/${community.slug}/s/general`);
    const posted = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "  ", body: "Words I do not want to lose" });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain("There is a problem");
    expect(posted.body).toContain('id="field-title-error"');
    expect(posted.body).toContain("Give the thread a title.");
    expect(posted.body).toContain("Words I do not want to lose</textarea>");
  });

  it("offers a signed-in non-member the join button instead of the form", async () => {
    const { community } = await publicCommunityWithMember();
    const stranger = await newBrowser(t, await signUp(t));
    const page = await stranger.get(`/c/${community.slug}/s/general`);
    expect(page.body).toContain(`action="/c/${community.slug}/join"`);
    expect(page.body).toContain("Join this community");
    expect(page.body).not.toContain("Start the thread");
  });

  it("never breaks on odd form input", async () => {
    const { community, member } = await publicCommunityWithMember();
    const browser = await newBrowser(t, member);
    await browser.get(`/c/${community.slug}/s/general`);
    const doubled = await browser.post(`/c/${community.slug}/s/general/threads`, { title: ["One", "Two"], body: "b" });
    expect(doubled.statusCode).toBe(400);
    expect(doubled.body).toContain("This was sent more than once.");
    const empty = await browser.post(`/c/${community.slug}/s/general/threads`, {});
    expect(empty.statusCode).toBe(400);
    const badCursor = await browser.get(`/c/${community.slug}/s/general?cursor=nonsense`);
    expect(badCursor.statusCode).toBe(400);
    const forged = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "x", body: "y" }, { csrf: false });
    expect(forged.statusCode).toBe(403);
  });
});

describe("thread page", () => {
  it("shows a guest a public thread with badges and the audience line, but no reply box", async () => {
    const { owner, community } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const guest = await newBrowser(t);
    const page = await guest.get(`/t/${thread.id}`);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe("A question about mornings");
    expect(page.body).toContain(`id="post-${thread.postId}"`);
    expect(page.body).toContain('<span class="badge badge-personal">Personal</span>');
    expect(page.body).toContain("Anyone on the internet can read this.");
    expect(page.body).not.toContain(`action="/t/${thread.id}/replies"`);
    expect(page.body).toContain("Sign in or join Hearth to reply.");
    expect(page.body).not.toContain(">Edit<");
  });

  it("puts a reply at the end and takes the person to it", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const posted = await browser.post(`/t/${thread.id}/replies`, { body: "A warm drink first." });
    expect(posted.statusCode).toBe(303);
    const [path, anchor] = (posted.headers.location as string).split("#");
    expect(path).toBe(`/t/${thread.id}`);
    const page = await browser.get(path!);
    expect(postIds(page.body).at(-1)).toBe(anchor!.replace("post-", ""));
    expect(page.body).toContain("A warm drink first.");
  });

  it("shows an empty reply again with the problem, tied to the field, and status 400", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const posted = await browser.post(`/t/${thread.id}/replies`, { body: "   " });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('role="alert"');
    expect(posted.body).toContain("Write something before posting.");
    expect(posted.body).toMatch(/<textarea[^>]*aria-describedby="field-body-hint field-body-error"/);
    expect(posted.body).toContain("Post reply");
  });

  it("renders a hostile post as harmless text", async () => {
    const { owner, community } = await publicCommunityWithMember();
    const body = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>";
    const thread = await startThread(t, owner, community.slug, "general", { body });
    const page = await (await newBrowser(t)).get(`/t/${thread.id}`);
    expect(page.body).not.toMatch(/<script/i);
    expect(page.body).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(page.body).not.toMatch(/<[^>]*\sonerror\s*=/i);
    expect(page.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("sends a reply in a long thread to the page that shows it", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    for (let i = 1; i <= 50; i++) await replyThroughApi(owner, thread.id, `Reply number ${i}`);
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const first = await browser.get(`/t/${thread.id}`);
    expect(postIds(first.body)).toHaveLength(50);
    expect(first.body).toContain("Later replies");
    const posted = await browser.post(`/t/${thread.id}/replies`, { body: "Late to this, sorry." });
    const [path, anchor] = (posted.headers.location as string).split("#");
    expect(path).toContain("?cursor=");
    const page = await browser.get(path!);
    expect(postIds(page.body)).toEqual(expect.arrayContaining([anchor!.replace("post-", "")]));
    expect(page.body).toContain("Reply number 50");
    expect(page.body).not.toContain("Later replies");
  });

  it("hides a members-only space's thread from a guest", async () => {
    const { owner, community } = await publicCommunityWithMember();
    const space = await createSpace(t, owner, community.slug, "members");
    const thread = await startThread(t, owner, community.slug, space.slug);
    const guest = await newBrowser(t);
    expect((await guest.get(`/t/${thread.id}`)).statusCode).toBe(404);
    expect((await guest.get(`/c/${community.slug}/s/${space.slug}`)).statusCode).toBe(404);
    expect((await guest.get("/t/not-an-id")).statusCode).toBe(404);
    expect((await guest.get("/p/not-an-id/edit")).statusCode).toBe(404);
  });
});

describe("editing, history and deleting", () => {
  it("marks an edited post, shows its history to the author and hides it from others", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, member, community.slug, "general", { body: "I told my neighbour's name by mistake" });
    const author = await newBrowser(t, member);
    const form = await author.get(`/p/${thread.postId}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("I told my neighbour's name by mistake</textarea>");
    const saved = await author.post(`/p/${thread.postId}/edit`, { body: "Edited to take the name out." });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/t/${thread.id}#post-${thread.postId}`);
    const page = await author.get(`/t/${thread.id}`);
    expect(page.body).toContain("(edited)");
    expect(page.body).toContain(`href="/p/${thread.postId}/history"`);
    const history = await author.get(`/p/${thread.postId}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain("I told my neighbour's name by mistake");

    const otherMember = await signUp(t);
    await join(t, otherMember, community.slug);
    const other = await newBrowser(t, otherMember);
    expect((await other.get(`/p/${thread.postId}/history`)).statusCode).toBe(404);
    expect((await other.get(`/t/${thread.id}`)).body).not.toContain(`/p/${thread.postId}/history`);
    expect((await other.get(`/p/${thread.postId}/edit`)).statusCode).toBe(403);
    // The community's owner moderates it, so sees the history and may delete.
    const moderator = await newBrowser(t, owner);
    expect((await moderator.get(`/p/${thread.postId}/history`)).statusCode).toBe(200);
    expect((await moderator.get(`/t/${thread.id}`)).body).toContain(`href="/p/${thread.postId}/delete"`);
  });

  it("keeps the typed words when an edit is empty", async () => {
    const { community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, member, community.slug);
    const author = await newBrowser(t, member);
    await author.get(`/p/${thread.postId}/edit`);
    const saved = await author.post(`/p/${thread.postId}/edit`, { body: "" });
    expect(saved.statusCode).toBe(400);
    expect(saved.body).toContain("Write something before posting.");
    expect(saved.body).toContain("Save changes");
  });

  it("asks before deleting, then shows the post as deleted", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const replyId = await replyThroughApi(member, thread.id, "Something I regret");
    const author = await newBrowser(t, member);
    const confirm = await author.get(`/p/${replyId}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(heading(confirm.body)).toBe("Delete this post?");
    expect(confirm.body).toContain("Delete this post</button>");
    const done = await author.post(`/p/${replyId}/delete`);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/t/${thread.id}#post-${replyId}`);
    const page = await author.get(`/t/${thread.id}`);
    expect(postIds(page.body)).toContain(replyId);
    expect(page.body).toContain("This post was deleted.");
    expect(page.body).not.toContain("Something I regret");

    const stranger = await newBrowser(t, await signUp(t));
    expect((await stranger.get(`/p/${thread.postId}/delete`)).statusCode).toBe(403);
    await stranger.get(`/t/${thread.id}`);
    expect((await stranger.post(`/p/${thread.postId}/delete`)).statusCode).toBe(403);
  });
});

describe("persona picker", () => {
  const viewer = (verified: boolean): SignedInViewer => ({
    kind: "account",
    accountId: "a" as SignedInViewer["accountId"],
    username: "sam",
    isAdmin: false,
    isVerifier: false,
    isCarer: false,
    isVerifiedClinician: verified,
    secondFactor: "not_needed",
    personas: [
      { id: "p1" as SignedInViewer["personas"][number]["id"], kind: "personal", displayName: "Sam", isCarer: false, specialty: null, verifiedUntil: null },
      { id: "p2" as SignedInViewer["personas"][number]["id"], kind: "professional", displayName: "Dr Sam Jones", isCarer: false, specialty: "Respiratory medicine", verifiedUntil: verified ? "2999-01-01T00:00:00.000Z" : null },
    ],
  });

  it("offers a choice, in words, only when there is one to make", () => {
    const picker = render(h(PersonaPicker, { viewer: viewer(true) }));
    expect(picker).toContain("<legend>Write as</legend>");
    expect(picker).toContain('name="personaId" value="p1" checked');
    expect(picker).toContain("Verified clinician · Respiratory medicine");
    // A clinician persona whose verification has lapsed cannot be written as, so there is no choice.
    expect(render(h(PersonaPicker, { viewer: viewer(false) }))).toBe("");
  });
});

describe("in Welsh", () => {
  it("offers the reply box and says what is missing in Welsh, keeping what was typed", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const browser = await newBrowser(t, member);
    browser.cookies.set("hearth_locale", "cy");
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.body).toContain('<h2 id="reply-title">Ateb</h2>');
    expect(page.body).toContain('<button type="submit">Postio ateb</button>');
    const refused = await browser.post(`/t/${thread.id}/replies`, { body: "  " });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Nid yw eich ateb wedi'i bostio eto.");
    expect(refused.body).toContain("Ysgrifennwch rywbeth cyn postio.");
    expect(refused.body).not.toContain("Write something before posting.");
  });

  it("asks a guest to sign in to write, in Welsh", async () => {
    const { community } = await publicCommunityWithMember();
    const browser = await newBrowser(t);
    browser.cookies.set("hearth_locale", "cy");
    const space = await browser.get(`/c/${community.slug}/s/general`);
    expect(space.body).toContain("Mewngofnodi i ysgrifennu yma");
    expect(space.body).not.toContain("Sign in to write here");
  });

  it("says the service's refusals in Welsh in the API, with the same codes, and in English to everyone else", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const welsh = { "accept-language": "cy" };
    const edit = await t.request({ method: "PATCH", url: `/api/v1/posts/${thread.postId}`, token: member.token, headers: welsh, payload: { body: "Mine now." } });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error).toMatchObject({ code: "forbidden", message: "Dim ond yr hyn a ysgrifennoch chi y gallwch ei olygu." });
    const english = await t.request({ method: "PATCH", url: `/api/v1/posts/${thread.postId}`, token: member.token, payload: { body: "Mine now." } });
    expect(english.json().error).toMatchObject({ code: "forbidden", message: "You can only edit what you wrote." });

    const title = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token: member.token,
      headers: welsh,
      payload: { title: "Bore\u200b da", body: "Sut mae pawb?" },
    });
    expect(title.statusCode).toBe(400);
    expect(title.json().error.code).toBe("invalid_input");
    expect(title.json().error.fields.title).toBe("mae'n cynnwys nod fformatio anweledig (fel bwlch lled sero neu nod cyfeiriad); tynnwch ef a rhowch gynnig arall arni");

    const nul = await t.request({ method: "POST", url: `/api/v1/threads/${thread.id}/posts`, token: member.token, headers: welsh, payload: { body: "a\u0000b" } });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toBe("Mae problem gyda'r cais: body mae'n cynnwys nod na ellir ei gadw (NUL, nod rheoli neu ddirprwy toredig); tynnwch ef a rhowch gynnig arall arni.");
  });
});

describe("the language of a post, on the forms", () => {
  it("starts on the writer's language, names the languages in it, and marks each post with the one chosen", async () => {
    const { owner, community, member } = await publicCommunityWithMember();
    const thread = await startThread(t, owner, community.slug);
    const browser = await newBrowser(t, member);
    browser.cookies.set("hearth_locale", "cy");
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.body).toContain('<label for="field-language">Iaith eich neges</label>');
    expect(page.body).toContain('<option value="cy" selected>Cymraeg</option>');
    expect(page.body).toContain('<option value="fr">Ffrangeg</option>');
    expect(page.body).toContain("<strong>Pwy sy'n gallu darllen hwn:</strong> Gall unrhyw un ar y rhyngrwyd ddarllen hwn.");
    // Without JavaScript the select sends what is chosen; the post says its language to screen readers.
    const posted = await browser.post(`/t/${thread.id}/replies`, { body: "Bonjour à tous.", language: "fr" });
    expect(posted.statusCode).toBe(303);
    const after = await browser.get(`/t/${thread.id}`);
    expect(after.body).toMatch(/<div class="post-body" lang="fr" dir="auto"><p>Bonjour à tous.<\/p>/);
    // The title, and every name, keep their own direction; the title says its language too.
    expect(after.body).toContain('<h1 dir="auto" lang="en">A question about mornings</h1>');
    expect(after.body).toMatch(/<span class="author-name" dir="auto">/);
    const refused = await browser.post(`/t/${thread.id}/replies`, { body: "Still here.", language: "xx" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('aria-invalid="true"');
    expect((await browser.get(`/t/${thread.id}`)).body).not.toContain("Still here.");
  });
});
