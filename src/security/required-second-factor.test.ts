import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCommunity, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { enrolSecondFactor, nextCode, useSteppingClock } from "../../test/helpers/second-factor.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";

// A host that follows the production recommendation: HEARTH_REQUIRE_2FA=1.
let t: TestApp;
let admin: Member;
let adminSecret: string;

beforeAll(async () => {
  useSteppingClock();
  t = await createTestApp({ env: { HEARTH_REQUIRE_2FA: "1" } });
  admin = await signedInAdmin(t);
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

const status = async (member: Member) => (await t.request({ method: "GET", url: "/api/v1/me/second-factor", token: member.token })).json();

function expectSecondFactorRequired(response: { statusCode: number; json: () => { error: { code: string; message: string } } }) {
  expect(response.statusCode).toBe(403);
  expect(response.json().error.code).toBe("second_factor_required");
  expect(response.json().error.message).toContain("/settings/security");
}

describe("when the host requires two-step sign-in", () => {
  it("refuses an administrator's admin routes until it is on, then lets the same session in", async () => {
    expect(await status(admin)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: true });
    expectSecondFactorRequired(await t.request({ method: "GET", url: "/api/v1/admin/clinician-verifications", token: admin.token }));
    // The account itself still works: reading, and the way to set it up.
    expect((await t.request({ method: "GET", url: "/api/v1/me", token: admin.token })).statusCode).toBe(200);

    adminSecret = (await enrolSecondFactor(t, admin)).secret;
    const queue = await t.request({ method: "GET", url: "/api/v1/admin/clinician-verifications", token: admin.token });
    expect(queue.statusCode, queue.body).toBe(200);
    expect(await status(admin)).toMatchObject({ enabled: true, required: true });
  });

  it("guards every admin route at the edge, including ones whose service does not check", async () => {
    const { token } = await signedInAdmin(t);
    expectSecondFactorRequired(await t.request({ method: "GET", url: "/api/v1/admin/break-glass", token }));
    const page = await t.request({ method: "GET", url: "/admin/break-glass", headers: { cookie: `hearth_session=${token}` } });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain("/settings/security");
    // An enrolled administrator gets through.
    expect((await t.request({ method: "GET", url: "/api/v1/admin/break-glass", token: admin.token })).statusCode).toBe(200);
  });

  it("does not let a required account turn it off", async () => {
    const off = await t.request({ method: "DELETE", url: "/api/v1/me/second-factor", token: admin.token, payload: { password: admin.password, code: nextCode(adminSecret) } });
    expect(off.statusCode).toBe(403);
    expect((await status(admin)).enabled).toBe(true);
  });

  it("leaves a plain member alone", async () => {
    const member = await signUp(t);
    expect(await status(member)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, member, community.slug);
    const thread = await startThread(t, member, community.slug);
    const reply = await t.request({ method: "POST", url: `/api/v1/threads/${thread.id}/posts`, token: member.token, payload: { body: "Same here." } });
    expect(reply.statusCode).toBe(201);
    // Not being allowed stays a plain "forbidden", not a request to set up two-step sign-in.
    const patch = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: member.token, payload: { name: "Mine now" } });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().error.code).toBe("forbidden");
  });

  it("asks a community's owner for it before running the community or moderating", async () => {
    const owner = await signUp(t);
    expect((await status(owner)).required).toBe(false);
    const community = await createCommunity(t, owner); // creating one makes its owner
    expect((await status(owner)).required).toBe(true);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const thread = await startThread(t, member, community.slug);
    const other = await startThread(t, member, community.slug, "general", { title: "Another question" });

    const rename = () => t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { name: "Breathing easier" } });
    const addSpace = () =>
      t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces`, token: owner.token, payload: { slug: "carers", name: "Carers", visibility: "carers" } });
    const removePost = () => t.request({ method: "DELETE", url: `/api/v1/posts/${thread.postId}`, token: owner.token });
    const hidePost = () =>
      t.request({
        method: "POST",
        url: "/api/v1/moderation/actions",
        token: owner.token,
        payload: { targetType: "post", targetId: other.postId, action: "hide", reason: "Off topic for this space." },
      });

    expectSecondFactorRequired(await rename());
    expectSecondFactorRequired(await addSpace());
    expectSecondFactorRequired(await removePost());
    expectSecondFactorRequired(await hidePost());
    // Nothing was changed by the refused requests.
    const unchanged = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}`, token: owner.token });
    expect(unchanged.json().name).not.toBe("Breathing easier");
    // Writing as themselves is not a privileged act.
    expect((await startThread(t, owner, community.slug)).id).toBeTruthy();

    await enrolSecondFactor(t, owner);
    expect((await rename()).statusCode).toBe(200);
    expect((await addSpace()).statusCode).toBe(201);
    expect((await removePost()).statusCode).toBe(204);
    const hidden = await hidePost();
    expect(hidden.statusCode, hidden.body).toBe(201);
  });

  it("asks a verified clinician for it before writing as a clinician, not as themselves", async () => {
    const clinician = await makeClinician(t, admin);

    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, clinician, community.slug);
    const post = (personaId?: string) =>
      t.request({
        method: "POST",
        url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
        token: clinician.token,
        payload: { title: "Inhaler technique", body: "A few things that help.", ...(personaId ? { personaId } : {}) },
      });

    expectSecondFactorRequired(await post(clinician.anonymousPersonaId));
    expect((await post()).statusCode).toBe(201);
    await enrolSecondFactor(t, clinician);
    expect((await post(clinician.anonymousPersonaId)).statusCode).toBe(201);
  });
});
