/**
 * The badge beside every persona says its capacity in the reader's language, while the
 * API's `capacityLabel` stays English, word for word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp } from "../../test/helpers/factories.ts";
import { capacityLabelIn, presentPersona } from "../personas/persona.presenter.ts";
import { translatorFor } from "../shared/i18n/translator.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "0" } });
});
afterAll(async () => t?.close());

describe("the persona badge in the reader's language", () => {
  it("says Personal in Welsh on a persona's page for a Welsh reader, and in English otherwise", async () => {
    const member = await signUp(t);
    const welsh = await t.app.inject({ method: "GET", url: `/personas/${member.personaId}`, headers: { "accept-language": "cy" } });
    expect(welsh.statusCode).toBe(200);
    expect(welsh.body).toContain('<span class="badge badge-personal">Personol</span>');
    const english = await t.app.inject({ method: "GET", url: `/personas/${member.personaId}` });
    expect(english.body).toContain('<span class="badge badge-personal">Personal</span>');
  });

  it("keeps the API's English label and what follows the capacity's words", () => {
    const view = presentPersona({ id: "p1", kind: "professional", display_name: "Dr A", is_carer: false, specialty: "Respiratory", verified_until: new Date(Date.now() + 86_400_000), verified_from: null });
    expect(view.capacityLabel).toBe("Verified clinician · Respiratory");
    expect(capacityLabelIn(view, translatorFor("cy"))).toBe("Clinigwr wedi'i wirio · Respiratory");
    expect(capacityLabelIn(view, translatorFor("en-GB"))).toBe("Verified clinician · Respiratory");
    const personal = presentPersona({ id: "p2", kind: "personal", display_name: "Quiet Heron", is_carer: true });
    expect(personal.capacityLabel).toBe("Looks after someone");
    expect(capacityLabelIn(personal, translatorFor("cy"))).toBe("Yn gofalu am rywun");
  });
});
