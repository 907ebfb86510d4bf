/**
 * Flags answer only about what the flagger can see: a persona, post or thread they
 * cannot see is answered byte for byte like one that does not exist, bad input is a
 * 400 whatever the target, and every try counts against the account's limit.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { FLAG_LIMIT } from "./moderation.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const UNKNOWN = "AAAAAAAAAAAAAAAA";

const flag = (app: TestApp, who: Member, payload: Record<string, unknown>) => app.request({ method: "POST", url: "/api/v1/flags", token: who.token, payload });
const flagPersona = (who: Member, personaId: string, community: string, extra: Record<string, unknown> = {}) =>
  flag(t, who, { targetType: "persona", targetId: personaId, community, reason: "other", ...extra });
/** Status and body, with the probed id put out of the way (an answer may only differ by the id it was asked about). */
const answer = (response: { statusCode: number; body: string }, id: string) => ({ status: response.statusCode, body: response.body.replaceAll(id, "<id>") });
const flagCount = async () => Number((await sql<{ n: string }>`select count(*) as n from flags`.execute(t.database.db)).rows[0]!.n);

/**
 * A members-only community: `writer` wrote in General, `carer` only in the carers' space,
 * `quiet` only joined. `outsider` is signed in and no member; `member` is a member but no carer.
 */
async function membersOnly() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner, { visibility: "members" });
  const carers = await createSpace(t, owner, community.slug, "carers");
  const [writer, carer, quiet, member, outsider] = [await signUp(t), await signUp(t, { carer: true }), await signUp(t), await signUp(t), await signUp(t)];
  for (const m of [writer, carer, quiet, member]) await join(t, m, community.slug);
  const thread = await startThread(t, writer, community.slug);
  const carersThread = await startThread(t, carer, community.slug, carers.slug);
  const stranger = await signUp(t); // a persona with no tie to the community at all
  return { owner, community, writer, carer, quiet, member, outsider, stranger, thread, carersThread };
}

describe("flagging a persona", () => {
  it("answers a non-member the same for a member, a writer and a persona that does not exist", async () => {
    const s = await membersOnly();
    const nobody = answer(await flagPersona(s.outsider, UNKNOWN, s.community.slug), UNKNOWN);
    expect(nobody.status).toBe(404);
    for (const m of [s.writer, s.carer, s.quiet, s.stranger]) {
      expect(answer(await flagPersona(s.outsider, m.personaId, s.community.slug), m.personaId)).toEqual(nobody);
    }
    // Positive controls: a member who reads General sees the writer; the stewards are on the community's page for anyone.
    expect((await flagPersona(s.member, s.writer.personaId, s.community.slug)).statusCode).toBe(201);
    expect((await flagPersona(s.outsider, s.owner.personaId, s.community.slug)).statusCode).toBe(201);
  });

  it("answers a member who cannot read the carers' space, or list members, as if the persona did not exist", async () => {
    const s = await membersOnly();
    const nobody = answer(await flagPersona(s.member, UNKNOWN, s.community.slug), UNKNOWN);
    expect(nobody.status).toBe(404);
    for (const m of [s.carer, s.quiet, s.stranger]) expect(answer(await flagPersona(s.member, m.personaId, s.community.slug), m.personaId)).toEqual(nobody);
    // The carer is seen by another carer (the space is theirs) and by the owner (who reads it and lists the members).
    const otherCarer = await signUp(t, { carer: true });
    await join(t, otherCarer, s.community.slug);
    expect((await flagPersona(otherCarer, s.carer.personaId, s.community.slug)).statusCode).toBe(201);
    expect((await flagPersona(s.owner, s.quiet.personaId, s.community.slug)).statusCode).toBe(201);
    expect(answer(await flagPersona(s.owner, s.stranger.personaId, s.community.slug), s.stranger.personaId)).toEqual(nobody);
  });

  it("refuses a NUL in the note, an unknown reason and a missing community with 400 whatever the target, and stores nothing", async () => {
    const s = await membersOnly();
    const before = await flagCount();
    for (const [bad, field] of [
      [{ note: "a\u0000b" }, "note"],
      [{ note: "a\ud800b" }, "note"],
      [{ reason: "boring" }, "reason"],
      [{ community: null }, "community"],
    ] as const) {
      const answers = [];
      for (const id of [UNKNOWN, s.writer.personaId, s.quiet.personaId]) {
        for (const who of [s.outsider, s.member]) {
          const response = await flagPersona(who, id, s.community.slug, bad);
          expect(response.statusCode, `${JSON.stringify(bad)} ${response.body}`).toBe(400);
          expect(Object.keys(response.json().error.fields ?? {}), JSON.stringify(bad)).toContain(field);
          answers.push(answer(response, id));
        }
      }
      expect(new Set(answers.map((a) => a.body)).size, JSON.stringify(bad)).toBe(1);
    }
    expect(await flagCount()).toBe(before);
    // Positive control: the same flag with a note a person would write is kept.
    expect((await flagPersona(s.member, s.writer.personaId, s.community.slug, { note: "Please look at this." })).statusCode).toBe(201);
    expect(await flagCount()).toBe(before + 1);
  });
});

describe("flagging a post or a thread", () => {
  it("answers for one in a space the flagger cannot read exactly as for one that does not exist, even when naming a community", async () => {
    const s = await membersOnly();
    const cases = [
      { who: s.outsider, targetType: "post", id: s.thread.postId },
      { who: s.outsider, targetType: "thread", id: s.thread.id },
      { who: s.member, targetType: "post", id: s.carersThread.postId },
      { who: s.member, targetType: "thread", id: s.carersThread.id },
    ];
    for (const { who, targetType, id } of cases) {
      for (const community of [undefined, s.community.slug, "somewhere-else"]) {
        const extra = community ? { community } : {};
        const nobody = answer(await flag(t, who, { targetType, targetId: UNKNOWN, reason: "spam", ...extra }), UNKNOWN);
        expect(nobody.status).toBe(404);
        expect(answer(await flag(t, who, { targetType, targetId: id, reason: "spam", ...extra }), id), `${targetType} ${community}`).toEqual(nobody);
      }
    }
    // Positive control: a member reads General and flags its thread.
    expect((await flag(t, s.member, { targetType: "thread", targetId: s.thread.id, reason: "spam" })).statusCode).toBe(201);
  });
});

describe("the flag limit", () => {
  it("counts every try, found or not, and then refuses with 429 and Retry-After whatever the target", async () => {
    const limited = await createTestApp({ env: { HEARTH_RATE_LIMITS: "on" } });
    try {
      const owner = await signUp(limited);
      const community = await createCommunity(limited, owner, { visibility: "members" });
      const thread = await startThread(limited, owner, community.slug);
      const outsider = await signUp(limited);
      const statuses: number[] = [];
      for (let i = 0; i < FLAG_LIMIT.limit; i++) {
        const targetId = i % 2 === 0 ? UNKNOWN : thread.id;
        statuses.push((await flag(limited, outsider, { targetType: "thread", targetId, reason: "spam" })).statusCode);
      }
      expect(statuses).toEqual(Array(FLAG_LIMIT.limit).fill(404));
      const member = await signUp(limited);
      await join(limited, member, community.slug);
      for (const targetId of [UNKNOWN, thread.id]) {
        const refused = await flag(limited, outsider, { targetType: "thread", targetId, reason: "spam" });
        expect(refused.statusCode).toBe(429);
        expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
        expect(refused.json().error.code).toBe("rate_limited");
      }
      // Another account still flags: the limit is the account's, not everyone's.
      expect((await flag(limited, member, { targetType: "thread", targetId: thread.id, reason: "spam" })).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
