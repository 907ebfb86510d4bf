/**
 * The anonymous clinician persona's badge keeps its own time (ADR 20): someone watching
 * it and the named professional persona of the same person never sees the two flip at
 * one moment, whether the verification lapses or is renewed. Time passes here by moving
 * every date of the clinician's account back by the same amount, which is what waiting
 * would do, and the badges are read as anyone reads them: GET /api/v1/personas/:id.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import type { Member } from "../../test/helpers/factories.ts";
import { applyAsClinician, decideApplication, NURSE_APPLICATION, signedInAdmin, verifiedClinician, type VerifiedClinician } from "../../test/helpers/clinician-fixtures.ts";
import { MAX_OFFSET_MS, MIN_OFFSET_MS, newAnonymousWindow, renewedAnonymousWindow, windowHolds } from "../personas/anonymous-validity.ts";
import { capacityEchoes } from "../personas/capacities.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const MINUTE = 60_000;

/** Lets `ms` pass for one account: every date it holds moves back by that much. */
async function pass(accountId: string, ms: number) {
  const by = sql`make_interval(secs => ${ms / 1000})`;
  await sql`update clinician_verifications set expires_at = expires_at - ${by}, decided_at = decided_at - ${by}, created_at = created_at - ${by}
    where account_id = ${accountId}`.execute(t.database.db);
  await sql`update personas set verified_until = verified_until - ${by}, verified_from = verified_from - ${by} where account_id = ${accountId}`.execute(t.database.db);
}

type Dates = { until: Date | null; from: Date | null };

async function datesOf(personaId: string): Promise<Dates> {
  const row = await t.database.db.selectFrom("personas").select(["verified_until", "verified_from"]).where("id", "=", personaId).executeTakeFirstOrThrow();
  return { until: row.verified_until, from: row.verified_from };
}

/** The two badges as a stranger sees them now. */
async function badges(clinician: VerifiedClinician) {
  const capacity = async (id: string) => (await t.request({ method: "GET", url: `/api/v1/personas/${id}` })).json().capacity as string;
  return { named: await capacity(clinician.professional.id), anonymous: await capacity(clinician.anonymous.id) };
}

const untilMs = (d: Dates) => d.until!.getTime();

describe("the anonymous persona's badge", () => {
  it("lapses hours to days before the named one, at a time of its own, and never shows a date to others", async () => {
    const clinician = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, capacity: "nursing" });
    const named = await datesOf(clinician.professional.id);
    const anonymous = await datesOf(clinician.anonymous.id);
    const gap = untilMs(named) - untilMs(anonymous);
    expect(gap).toBeGreaterThanOrEqual(MIN_OFFSET_MS);
    expect(gap).toBeLessThanOrEqual(MAX_OFFSET_MS);
    // The owner sees each persona's own date; no two are the same.
    const mine = (await t.request({ method: "GET", url: "/api/v1/personas", token: clinician.token })).json().items as { id: string; verifiedUntil: string | null }[];
    const own = Object.fromEntries(mine.map((p) => [p.id, p.verifiedUntil]));
    expect(own[clinician.anonymous.id]).toBe(anonymous.until!.toISOString());
    expect(own[clinician.anonymous.id]).not.toBe(own[clinician.professional.id]);

    expect(await badges(clinician)).toEqual({ named: "verified_clinician", anonymous: "verified_clinician_anonymous" });
    for (const url of [`/api/v1/personas/${clinician.anonymous.id}`, `/personas/${clinician.anonymous.id}`]) {
      expect((await t.request({ method: "GET", url })).body, url).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    // Just past the anonymous persona's date: it has lapsed, the named one still holds.
    await pass(clinician.id, untilMs(anonymous) - Date.now() + MINUTE);
    expect(await badges(clinician)).toEqual({ named: "verified_clinician", anonymous: "clinician_unverified" });
    // Past the verification's own date: both have lapsed.
    await pass(clinician.id, gap);
    expect(await badges(clinician)).toEqual({ named: "clinician_unverified", anonymous: "clinician_unverified" });
  });

  it("comes back hours to days after a renewal that brings the named one back at once", async () => {
    const clinician = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, capacity: "nursing" });
    await pass(clinician.id, untilMs(await datesOf(clinician.professional.id)) - Date.now() + MINUTE);
    expect(await badges(clinician)).toEqual({ named: "clinician_unverified", anonymous: "clinician_unverified" });

    const approvedAt = Date.now();
    await decideApplication(t, admin, await applyAsClinician(t, clinician, NURSE_APPLICATION), "approve");
    // The named persona is back at the approval; the anonymous one is not yet.
    expect(await badges(clinician)).toEqual({ named: "verified_clinician", anonymous: "clinician_unverified" });
    const anonymous = await datesOf(clinician.anonymous.id);
    const delay = anonymous.from!.getTime() - approvedAt;
    expect(delay).toBeGreaterThanOrEqual(MIN_OFFSET_MS - MINUTE);
    expect(delay).toBeLessThanOrEqual(MAX_OFFSET_MS + MINUTE);
    expect(untilMs(anonymous)).not.toBe(untilMs(await datesOf(clinician.professional.id)));

    await pass(clinician.id, anonymous.from!.getTime() - Date.now() + MINUTE);
    expect(await badges(clinician)).toEqual({ named: "verified_clinician", anonymous: "verified_clinician_anonymous" });
  });

  it("carries on unbroken through a renewal before either lapses, with a new date that is still its own", async () => {
    const clinician = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, capacity: "nursing" });
    const before = await datesOf(clinician.anonymous.id);
    await decideApplication(t, admin, await applyAsClinician(t, clinician, NURSE_APPLICATION), "approve");
    expect(await badges(clinician)).toEqual({ named: "verified_clinician", anonymous: "verified_clinician_anonymous" });
    const named = await datesOf(clinician.professional.id);
    const after = await datesOf(clinician.anonymous.id);
    expect(after.from).toBeNull();
    expect(untilMs(after)).not.toBe(untilMs(before));
    expect(untilMs(named) - untilMs(after)).toBeGreaterThanOrEqual(MIN_OFFSET_MS);
    // And the renewal did not touch its capacity.
    expect((await t.request({ method: "GET", url: `/api/v1/personas/${clinician.anonymous.id}` })).json().capacityLabel).toBe("Verified clinician, anonymous · Nursing");
  });

  it("refuses a renewal worded with the anonymous persona's capacity, before anything is written", async () => {
    const clinician = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, capacity: "nursing" });
    const applied = await t.request({
      method: "POST",
      url: "/api/v1/clinician-verifications",
      token: clinician.token,
      payload: { ...NURSE_APPLICATION, specialty: "Nursing lead, respiratory ward" },
    });
    expect(applied.statusCode, applied.body).toBe(400);
    expect(Object.keys(applied.json().error.fields)).toEqual(["specialty"]);
    const mine = (await t.request({ method: "GET", url: "/api/v1/clinician-verifications", token: clinician.token })).json().items;
    expect(mine).toHaveLength(1);
  });
});

describe("the rules behind it", () => {
  const now = new Date("2030-06-01T12:00:00Z");
  const expires = new Date("2031-06-01T12:00:00Z");

  it("never lets the anonymous window outlast the verification, and brings a lapsed one back later", () => {
    for (let i = 0; i < 50; i++) {
      const fresh = newAnonymousWindow(expires);
      expect(fresh.verified_until.getTime()).toBeLessThanOrEqual(expires.getTime() - MIN_OFFSET_MS);
      const lapsed = renewedAnonymousWindow({ verified_from: null, verified_until: new Date(now.getTime() - 1) }, expires, now);
      expect(windowHolds(lapsed, now)).toBe(false);
      expect(lapsed.verified_from!.getTime() - now.getTime()).toBeGreaterThanOrEqual(MIN_OFFSET_MS);
    }
    const holding = renewedAnonymousWindow({ verified_from: null, verified_until: new Date(now.getTime() + 1000) }, expires, now);
    expect(windowHolds(holding, now)).toBe(true);
  });

  it("calls a capacity an echo when it shares a word with the verification's text, either way round", () => {
    expect(capacityEchoes("respiratory", ["Respiratory medicine, Leeds Teaching Hospitals"])).toBe(true);
    expect(capacityEchoes("paediatrics", ["Paediatric nurse"])).toBe(true);
    expect(capacityEchoes("primary_care", ["Primary care physician"])).toBe(true);
    expect(capacityEchoes("nursing", ["Respiratory nurse", "Nurse"])).toBe(false);
    expect(capacityEchoes("pharmacy", ["Pharmacy lead"])).toBe(true);
    // Generic words tie nothing together.
    expect(capacityEchoes("other", ["Specialty doctor in other things"])).toBe(false);
    expect(capacityEchoes("mental_health", ["Public health"])).toBe(false);
  });
});
