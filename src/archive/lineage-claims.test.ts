/**
 * Issue 12's "done when" on real servers (ADR 46): a fork exported and imported elsewhere shows
 * its lineage on both sides, the parent named with its server and never linked to a community
 * here; an archive written before lineage travelled still imports; members claim their
 * portable personas with their codes (a wrong, malformed or used code the same 400, tries
 * counted), an anonymous persona staying apart from the claimer's own; and an imported
 * community gets an owner, from `--owner` or from the first claim of an owner's persona.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin, type Clinician } from "../../test/helpers/clinician-fixtures.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { changePart, readArchive, resign, writeArchive } from "../../test/helpers/archive-files.ts";
import { DEMO_COMMUNITY, DEMO_FORK } from "../demo/demo-content.ts";

let source: TestApp;
let target: TestApp;
let dir: string;
let archive: string;
let ana: Member; // owner of the parent and the fork; travels: yes
let cai: Member; // travels: no
let clinician: Clinician; // writes as their anonymous persona; travels: yes
let parent: { slug: string; name: string };
let fork: { slug: string; name: string };
let claims: { username: string; code: string; personas: number }[];
let manifest: Record<string, any>;
const WORDS = { ana: "Carers need rest days too.", anon: "Anonymously: a nurse's tip on inhalers.", cai: "Cai's words stay home." };

const setTravel = (t: TestApp, m: Member, choice: string) => t.request({ method: "PUT", url: "/api/v1/me/preferences", token: m.token, payload: { travelWithForks: choice } });
const lineage = (t: TestApp, slug: string) => t.request({ method: "GET", url: `/api/v1/communities/${slug}/lineage` });
const claim = (t: TestApp, m: Member, code: unknown) => t.request({ method: "POST", url: "/api/v1/claims", token: m.token, payload: { code } });
const codeOf = (username: string) => claims.find((c) => c.username === username)!.code;

beforeAll(async () => {
  source = await createTestApp();
  // Rate limits on, as on a real server: claim codes are counted. Few sign-ups here, under the sign-up limit.
  target = await createTestApp({ env: { HEARTH_PUBLIC_URL: "https://second.test", HEARTH_RATE_LIMITS: "on" } });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-lineage-claims-"));
  ana = await signUp(source);
  cai = await signUp(source);
  clinician = await makeClinician(source, await signedInAdmin(source));
  for (const [m, choice] of [[ana, "yes"], [cai, "no"], [clinician, "yes"]] as const) expect((await setTravel(source, m, choice)).statusCode).toBe(200);
  parent = await createCommunity(source, ana, { name: "Living with COPD (test)" });
  await join(source, cai, parent.slug);
  await join(source, clinician, parent.slug);
  const thread = await startThread(source, ana, parent.slug, "general", { title: "Rest days", body: WORDS.ana });
  await reply(source, cai, thread.id, WORDS.cai);
  const anon = await source.request({ method: "POST", url: `/api/v1/communities/${parent.slug}/spaces/general/threads`, token: clinician.token, payload: { title: "Inhalers", body: WORDS.anon, personaId: clinician.anonymousPersonaId } });
  expect(anon.statusCode, anon.body).toBe(201);
  const made = await source.request({ method: "POST", url: `/api/v1/communities/${parent.slug}/forks`, token: ana.token, payload: { slug: "copd-carers-test", name: "COPD carers (test)", spaces: ["general"] } });
  expect(made.statusCode, made.body).toBe(201);
  fork = made.json();
  archive = path.join(dir, "carers.tar");
  await source.services.archive.export(fork.slug, archive);
  claims = (await fs.readFile(`${archive}.claims.jsonl`, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  manifest = JSON.parse((await readArchive(archive))[0]!.body.toString());
  await target.services.archive.import(archive);
}, 180_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("lineage in the archive", () => {
  it("names the parent with its server, and where the community moved from", async () => {
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.lineage).toEqual({
      forkedFrom: { name: "Living with COPD (test)", slug: parent.slug, server: "http://hearth.test", forkedAt: expect.any(String), carriedThrough: expect.any(String) },
      movedFrom: [],
    });
  });

  it("is shown on both servers: the import names its parent and old home, the parent still lists its fork", async () => {
    const here = (await lineage(target, fork.slug)).json();
    expect(here).toEqual({
      parent: { slug: parent.slug, name: "Living with COPD (test)", server: "http://hearth.test", forkedAt: manifest.lineage.forkedFrom.forkedAt, carriedThrough: manifest.lineage.forkedFrom.carriedThrough },
      forks: [],
      movedFrom: [{ server: "http://hearth.test", slug: fork.slug, exportedAt: manifest.exportedAt }],
    });
    const page = (await (await newBrowser(target)).get(`/c/${fork.slug}`)).body;
    const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" }).format(new Date(here.parent.forkedAt));
    expect(page).toContain(`Forked from Living with COPD (test) at http://hearth.test on ${date}.`);
    expect(page).toContain("Moved here from http://hearth.test on");
    expect(page).toContain('href="/claim"');
    // Named, not linked: the parent is not a community of this server.
    expect(page).not.toContain(`href="/c/${parent.slug}"`);
    const there = (await lineage(source, parent.slug)).json();
    expect(there.forks).toEqual([expect.objectContaining({ slug: fork.slug, name: "COPD carers (test)" })]);
    expect((await lineage(source, fork.slug)).json().parent).toMatchObject({ slug: parent.slug, server: null });
  });

  it("travels on: an export of the import gives the same parts, the same parent and one more old home", async () => {
    const again = path.join(dir, "again.tar");
    await target.services.archive.export(fork.slug, again, { claims: null });
    const second = JSON.parse((await readArchive(again))[0]!.body.toString());
    expect(second.parts).toEqual(manifest.parts);
    expect(second.lineage).toEqual({ forkedFrom: manifest.lineage.forkedFrom, movedFrom: [{ server: "http://hearth.test", slug: fork.slug, exportedAt: manifest.exportedAt }] });
    expect(second.sourceServer).toBe("https://second.test");
  });
});

describe("an archive from before lineage travelled, and --owner", () => {
  let third: TestApp;
  let olderFile: string;
  beforeAll(async () => {
    third = await createTestApp();
    // As a format 1.0 exporter wrote it: lineage null, no persona marked an owner's.
    const entries = changePart(await readArchive(archive), "personas.jsonl", (lines) => lines.map(({ owner: _owner, ...rest }) => rest));
    olderFile = path.join(dir, "older.tar");
    await writeArchive(olderFile, resign(entries, (m) => (m.lineage = null)));
  });
  afterAll(async () => third?.close());

  it("refuses an --owner who is not on the server before reading the archive, writing nothing", async () => {
    await expect(third.services.archive.import(olderFile, { owner: "nobody-here" })).rejects.toThrow(/There is no account called "nobody-here" on this server/);
    expect(await third.database.db.selectFrom("communities").select("id").where("slug", "=", fork.slug).executeTakeFirst()).toBeUndefined();
  });

  it("imports it, with no lineage but its old home, owned by the account --owner names", async () => {
    const olive = await signUp(third);
    await third.services.archive.import(olderFile, { owner: olive.username });
    expect((await lineage(third, fork.slug)).json()).toEqual({ parent: null, forks: [], movedFrom: [{ server: "http://hearth.test", slug: fork.slug, exportedAt: manifest.exportedAt }] });
    const community = await third.request({ method: "GET", url: `/api/v1/communities/${fork.slug}`, token: olive.token });
    expect(community.json().can).toMatchObject({ manage: true });
    // A claim there makes the claimer a member; the owner stays the one --owner named.
    const newAna = await signUp(third);
    const claimed = await claim(third, newAna, codeOf(ana.username));
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().communities).toEqual([expect.objectContaining({ slug: fork.slug, role: "member" })]);
  });
});

describe("claiming portable personas", () => {
  let newAna: Member;
  let newClinician: Member;
  let wrongBody: string;

  beforeAll(async () => {
    newAna = await signUp(target);
    newClinician = await signUp(target);
  });

  it("writes one code per member whose words travelled, and none for those whose did not", () => {
    expect(claims.map((c) => c.username).sort()).toEqual([ana.username, clinician.username].sort());
    expect(claims.find((c) => c.username === cai.username)).toBeUndefined();
  });

  it("refuses a wrong code and a malformed one with the same 400 naming the field, saying nothing of any persona", async () => {
    const wrong = await claim(target, newAna, "AAAAAAAAAAAAAAAAAAAA");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty("code");
    wrongBody = wrong.body;
    const malformed = await claim(target, newAna, "not a code!");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toBe(wrongBody);
    const empty = await claim(target, newAna, "  ");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toHaveProperty("code");
    const guest = await target.request({ method: "POST", url: "/api/v1/claims", payload: { code: codeOf(ana.username) } });
    expect(guest.statusCode).toBe(401);
  });

  it("makes the personas the code opens the claimer's, their posts theirs to edit, and the first owner's claim the owner", async () => {
    const claimed = await claim(target, newAna, codeOf(ana.username));
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toEqual({ communities: [{ slug: fork.slug, name: "COPD carers (test)", role: "owner", personas: [{ id: ana.personaId, displayName: ana.displayName, kind: "personal" }] }] });
    const threads = (await target.request({ method: "GET", url: `/api/v1/communities/${fork.slug}/spaces/general/threads`, token: newAna.token })).json().items as { id: string; title: string }[];
    const rest = threads.find((th) => th.title === "Rest days")!;
    const view = (await target.request({ method: "GET", url: `/api/v1/threads/${rest.id}`, token: newAna.token })).json();
    const post = view.posts.items.find((p: { body: string }) => p.body === WORDS.ana);
    expect(post.author).toMatchObject({ id: ana.personaId, displayName: ana.displayName });
    expect(post.can).toMatchObject({ edit: true, delete: true });
    const edited = await target.request({ method: "PATCH", url: `/api/v1/posts/${post.id}`, token: newAna.token, payload: { body: "Carers need rest days, and say so here too." } });
    expect(edited.statusCode, edited.body).toBe(200);
    // No longer a placeholder's: the persona is held by the claimer's account, and its placeholder is gone.
    const holder = await target.database.db.selectFrom("personas").select("account_id").where("id", "=", ana.personaId).executeTakeFirstOrThrow();
    expect(holder.account_id).toBe(newAna.id);
    expect(await target.database.db.selectFrom("portable_personas").select("persona_id").where("persona_id", "=", ana.personaId).executeTakeFirst()).toBeUndefined();
    expect((await target.request({ method: "GET", url: `/api/v1/communities/${fork.slug}`, token: newAna.token })).json().can).toMatchObject({ manage: true });
    // The old personal persona is one more of theirs, not the one they write as by default.
    const me = (await target.request({ method: "GET", url: "/api/v1/me", token: newAna.token })).json();
    expect(me.personas.map((p: { id: string }) => p.id)).toEqual([newAna.personaId, ana.personaId]);
    const fresh = await target.request({ method: "POST", url: `/api/v1/threads/${rest.id}/posts`, token: newAna.token, payload: { body: "Written on the new server." } });
    expect(fresh.statusCode, fresh.body).toBe(201);
    const written = await target.database.db.selectFrom("posts").select("author_persona_id").where("id", "=", fresh.json().id).executeTakeFirstOrThrow();
    expect(written.author_persona_id).toBe(newAna.personaId);
    // A code opens once: used again, it is the very answer of a wrong one.
    const again = await claim(target, newAna, codeOf(ana.username));
    expect(again.statusCode).toBe(400);
    expect(again.body).toBe(wrongBody);
  });

  it("keeps an anonymous persona a persona of its own, with nothing of the claimer's account shown with it", async () => {
    const claimed = await claim(target, newClinician, codeOf(clinician.username));
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().communities[0]).toMatchObject({ role: "member", personas: [{ id: clinician.anonymousPersonaId, kind: "anonymous_professional", displayName: clinician.anonymousName }] });
    const personas = await target.database.db.selectFrom("personas").select(["id", "kind"]).where("account_id", "=", newClinician.id).orderBy("created_at").execute();
    expect(personas).toEqual(expect.arrayContaining([{ id: newClinician.personaId, kind: "personal" }, { id: clinician.anonymousPersonaId, kind: "anonymous_professional" }]));
    const threads = (await target.request({ method: "GET", url: `/api/v1/communities/${fork.slug}/spaces/general/threads` })).json().items as { id: string; title: string }[];
    const inhalers = threads.find((th) => th.title === "Inhalers")!;
    const api = await target.request({ method: "GET", url: `/api/v1/threads/${inhalers.id}` });
    const page = await (await newBrowser(target)).get(`/t/${inhalers.id}`);
    expect(api.json().posts.items[0]).toMatchObject({ body: WORDS.anon, author: { id: clinician.anonymousPersonaId, displayName: clinician.anonymousName } });
    expect(page.body).toContain(clinician.anonymousName);
    for (const answer of [api.body, page.body]) {
      for (const account of [newClinician.username, newClinician.displayName, newClinician.personaId, newClinician.id]) expect(answer).not.toContain(account);
    }
    // Their own post, to edit as the anonymous persona it is.
    const mine = (await target.request({ method: "GET", url: `/api/v1/threads/${inhalers.id}`, token: newClinician.token })).json();
    expect(mine.posts.items[0].can).toMatchObject({ edit: true });
  });

  it("claims from the page without JavaScript, showing the problem with the form", async () => {
    const browser = await newBrowser(target, newAna);
    expect((await browser.get("/account")).body).toContain('href="/claim"');
    const form = await browser.get("/claim");
    expect(form.statusCode).toBe(200);
    const refused = await browser.post("/claim", { code: "" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Enter the claim code your old host sent you");
    const wrong = await browser.post("/claim", { code: "BBBBBBBBBBBBBBBBBBBB" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("This code opens nothing here");
  });

  it("counts tries per account, as other codes are", async () => {
    const guesser = await signUp(target);
    const answers: number[] = [];
    for (let i = 0; i < 11; i += 1) answers.push((await claim(target, guesser, `guess${String(i).padStart(15, "0")}`)).statusCode);
    expect(answers.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(answers[10]).toBe(429);
  });
});

describe("the demo's fork, moved to a second server", () => {
  it("shows its lineage on both: the fork names its parent and old home there, the demo still lists it here", async () => {
    const demo = await createTestApp();
    const second = await createTestApp({ env: { HEARTH_PUBLIC_URL: "https://second.test" } });
    try {
      expect(await demo.services.demo.seedIfEmpty()).toBe(true);
      const file = path.join(dir, "demo-fork.tar");
      await demo.services.archive.export(DEMO_FORK.slug, file);
      await second.services.archive.import(file);
      const moved = (await lineage(second, DEMO_FORK.slug)).json();
      expect(moved.parent).toMatchObject({ slug: DEMO_COMMUNITY.slug, name: DEMO_COMMUNITY.name, server: "http://hearth.test" });
      expect(moved.movedFrom).toEqual([expect.objectContaining({ server: "http://hearth.test", slug: DEMO_FORK.slug })]);
      const page = (await second.request({ method: "GET", url: `/c/${DEMO_FORK.slug}` })).body;
      expect(page).toContain(`Forked from ${DEMO_COMMUNITY.name} at http://hearth.test on`);
      expect(page).not.toContain(`href="/c/${DEMO_COMMUNITY.slug}"`);
      expect((await lineage(demo, DEMO_COMMUNITY.slug)).json().forks).toEqual([expect.objectContaining({ slug: DEMO_FORK.slug })]);
      expect((await demo.request({ method: "GET", url: `/c/${DEMO_COMMUNITY.slug}` })).body).toContain(`href="/c/${DEMO_FORK.slug}"`);
    } finally {
      await demo.close();
      await second.close();
    }
  }, 180_000);
});
