/**
 * The demo seed: a labelled community whose made-up nurse answers as an anonymous
 * clinician persona, badged with a capacity from the vocabulary and never with the
 * verification's words (ADR 20).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_CLINICIAN, DEMO_COMMUNITY, DEMO_FORK, DEMO_PEOPLE, DEMO_REPORT } from "./demo-content.ts";
import { DEMO_CRISIS, DEMO_GLOSSARY, DEMO_WARNED_THREAD } from "./demo-safety.ts";
import { findCrisisLanguage } from "../shared/condition-content.ts";
import { sql } from "kysely";
import { join, signUp } from "../../test/helpers/factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("the demo seed", () => {
  it("shows an anonymous clinician answering with the capacity “Nursing”, and nothing of the verification's words", async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(true);
    const hits = (await t.request({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("inhaler technique appointment")}` })).json().items as { threadId: string }[];
    const thread = hits.map((h) => h.threadId)[0]!;
    const page = await t.request({ method: "GET", url: `/t/${thread}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(DEMO_CLINICIAN.reply.slice(0, 40));
    expect(page.body).toContain("Verified clinician, anonymous · Nursing");
    expect(page.body).not.toContain("Respiratory");
    expect(page.body).not.toContain(DEMO_CLINICIAN.username);
    // It runs once.
    expect(await t.services.demo.seedIfEmpty()).toBe(false);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${DEMO_COMMUNITY.slug}` })).statusCode).toBe(200);
  });

  it("leaves one open report for the community's owner to work on the Reports page, naming nobody who sent it", async () => {
    await t.services.demo.seedIfEmpty();
    const owner = (await sql<{ id: string }>`select id from accounts where username = ${DEMO_PEOPLE[0].username}`.execute(t.database.db)).rows[0]!;
    const viewer = await t.services.accounts.viewerForAccount(owner.id);
    expect(await t.services.moderation.openReportCount(viewer, DEMO_COMMUNITY.slug)).toBe(1);
    const reports = await t.services.moderation.reports(viewer, DEMO_COMMUNITY.slug);
    expect(reports.items).toHaveLength(1);
    expect(reports.items[0]!.reason).toBe(DEMO_REPORT.reason);
    expect(reports.items[0]!.post?.html).toContain("Riverside clinic");
    expect(JSON.stringify(reports)).not.toContain(DEMO_PEOPLE[DEMO_REPORT.reporter]!.displayName);
  });

  it("asks COPD's own check-in questions, and shows a newcomer who joins the week members shared (never anyone's answers)", async () => {
    await t.services.demo.seedIfEmpty();
    const template = (await t.request({ method: "GET", url: `/api/v1/communities/${DEMO_COMMUNITY.slug}/checkin-template` })).json();
    expect(template.general).toBe(false);
    expect(template.fields.map((f: { id: string }) => f.id)).toEqual(["breathlessness", "cough", "sleep", "mood", "reliever", "note"]);
    const newcomer = await signUp(t);
    await join(t, newcomer, DEMO_COMMUNITY.slug);
    const community = await t.request({ method: "GET", url: `/c/${DEMO_COMMUNITY.slug}`, token: newcomer.token });
    expect(community.body).toContain(`action="/c/${DEMO_COMMUNITY.slug}/checkin"`);
    const page = await t.request({ method: "GET", url: `/c/${DEMO_COMMUNITY.slug}/checkin`, token: newcomer.token });
    expect(page.body).toContain("5 members shared a check-in in the last 7 days.");
    expect(page.body).toContain("You have not checked in here yet.");
    // The first demo member has three weeks of check-ins, theirs alone.
    const raj = (await sql<{ n: number }>`select count(*)::int as n from checkins c join accounts a on a.id = c.account_id where a.username = ${DEMO_PEOPLE[1].username}`.execute(t.database.db)).rows[0]!;
    expect(raj.n).toBe(20);
  });

  it("has a COPD glossary marked in posts, UK crisis resources, and a thread folded behind its content warning", async () => {
    const glossary = (await t.request({ method: "GET", url: `/api/v1/communities/${DEMO_COMMUNITY.slug}/glossary` })).json();
    expect(glossary.terms.map((x: { term: string }) => x.term).sort()).toEqual(DEMO_GLOSSARY.map((g) => g.term).sort());
    const help = await t.request({ method: "GET", url: `/c/${DEMO_COMMUNITY.slug}/help` });
    expect(help.body).toContain("Samaritans");
    expect(help.body).toContain('<a href="tel:116123">116 123</a>');
    expect(help.body).toContain(DEMO_CRISIS.dangerNow.replace("&", "&amp;"));
    const space = (await t.request({ method: "GET", url: `/api/v1/communities/${DEMO_COMMUNITY.slug}/spaces/${DEMO_WARNED_THREAD.space}/threads` })).json();
    const warned = space.items.find((x: { title: string }) => x.title === DEMO_WARNED_THREAD.title);
    expect(warned.contentWarnings).toEqual(["end of life"]);
    const page = await t.request({ method: "GET", url: `/t/${warned.id}` });
    expect(page.body).toContain('<details class="content-warning"><summary><span class="content-warning-label">Content warning: end of life</span>');
    // The demo's own gentle words would raise no safeguarding alert (its one open report stays the one it seeds).
    expect(findCrisisLanguage(`${DEMO_WARNED_THREAD.title}\n${DEMO_WARNED_THREAD.body}\n${DEMO_WARNED_THREAD.reply.body}`)).toBeNull();
  });

  it("has a fork for carers, shown on both sides, carrying only the words of those who agreed", async () => {
    const lineage = (await t.request({ method: "GET", url: `/api/v1/communities/${DEMO_FORK.slug}/lineage` })).json();
    expect(lineage.parent).toMatchObject({ slug: DEMO_COMMUNITY.slug });
    expect((await t.request({ method: "GET", url: `/c/${DEMO_COMMUNITY.slug}` })).body).toContain(`href="/c/${DEMO_FORK.slug}"`);
    expect((await t.request({ method: "GET", url: `/c/${DEMO_FORK.slug}` })).body).toContain("Forked from Living with COPD (demo)");
  });
});
