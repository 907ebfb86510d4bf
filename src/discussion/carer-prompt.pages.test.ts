/** Carers are not patients (issue 11): someone who writes as a carer is reminded, by the form, to leave out what would identify the person they look after. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let community: { slug: string };
let threadId: string;
let carer: Member;
let patient: Member;

beforeAll(async () => {
  t = await createTestApp();
  const owner = await signUp(t);
  community = await createCommunity(t, owner);
  threadId = (await startThread(t, owner, community.slug)).id;
  carer = await signUp(t, { carer: true });
  patient = await signUp(t);
  await join(t, carer, community.slug);
  await join(t, patient, community.slug);
}, 120_000);
afterAll(() => t.close());

const PROMPT = "Writing about someone you look after?";
const page = (who: Member, url: string) => t.request({ method: "GET", url, token: who.token });

describe("the carer's prompt", () => {
  it("is by the reply form and the new-thread form for someone who writes as a carer", async () => {
    const thread = await page(carer, `/t/${threadId}`);
    expect(thread.body).toContain(PROMPT);
    expect(thread.body).toContain("leave out what would let others recognise them");
    expect((await page(carer, `/c/${community.slug}/s/general`)).body).toContain(PROMPT);
  });

  it("is not shown to someone with no carer persona, or to a guest", async () => {
    expect((await page(patient, `/t/${threadId}`)).body).not.toContain(PROMPT);
    expect((await t.request({ method: "GET", url: `/t/${threadId}` })).body).not.toContain(PROMPT);
  });

  it("appears once someone says they look after someone", async () => {
    const me = (await t.request({ method: "GET", url: "/api/v1/me", token: patient.token })).json();
    const changed = await t.request({ method: "PATCH", url: `/api/v1/personas/${me.personas[0].id}`, token: patient.token, payload: { carer: true } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await page(patient, `/t/${threadId}`)).body).toContain(PROMPT);
  });
});
