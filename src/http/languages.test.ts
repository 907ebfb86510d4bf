/**
 * The reader's language over HTTP: chosen from the account, the footer's cookie, the
 * browser's Accept-Language and the server's HEARTH_LOCALE, in that order; said on
 * <html lang dir> and Content-Language; never a different URL. The API's error codes
 * stay the same in every language while their messages change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import path from "node:path";
import { LOCALES_DIR, readCatalogue } from "../shared/i18n/catalogue.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { translatorFor } from "../shared/i18n/translator.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "0" } });
});
afterAll(async () => t?.close());

const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";
const cy = translatorFor("cy");

describe("a guest's language", () => {
  it("follows Accept-Language, and says so on the page and in the headers", async () => {
    const welsh = await t.app.inject({ method: "GET", url: "/", headers: { "accept-language": "cy-GB,cy;q=0.9,en;q=0.5" } });
    expect(welsh.statusCode).toBe(200);
    expect(htmlTag(welsh.body)).toBe('<html lang="cy" dir="ltr">');
    expect(welsh.body).toContain("Neidio i'r prif gynnwys");
    expect(welsh.body).toContain("<h1>Cymunedau</h1>");
    expect(welsh.headers["content-language"]).toBe("cy");
    expect(String(welsh.headers.vary)).toContain("Accept-Language");

    const english = await t.app.inject({ method: "GET", url: "/" });
    expect(htmlTag(english.body)).toBe('<html lang="en-GB" dir="ltr">');
    expect(english.body).toContain("Skip to main content");
    expect(english.headers["content-language"]).toBe("en-GB");
  });

  it("turns the page right to left in Arabic, with English where the catalogue has no entry, and user text keeping its own direction", async () => {
    await createCommunity(t, await signUp(t), { name: "Heart failure together" });
    const page = await t.app.inject({ method: "GET", url: "/", headers: { "accept-language": "ar" } });
    expect(htmlTag(page.body)).toBe('<html lang="ar" dir="rtl">');
    expect(page.body).toContain("انتقل إلى المحتوى الرئيسي");
    expect(page.body).toContain(translatorFor("en-GB").text("home.lead"));
    expect(page.body).toMatch(/<h2 dir="auto">/);
  });

  it("changes with the footer's form, without JavaScript, and comes back to the same address", async () => {
    const browser = await newBrowser(t);
    const home = await browser.get("/search");
    expect(home.body).toContain('<form method="post" action="/language"');
    const chosen = await browser.post("/language", { locale: "cy", next: "/search" });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe("/search");
    const after = await browser.get("/search");
    expect(htmlTag(after.body)).toBe('<html lang="cy" dir="ltr">');
    expect(after.body).toContain(`<option value="cy" lang="cy" selected>Cymraeg</option>`);
    // The cookie beats the browser's own languages: the person chose.
    const withHeader = await t.app.inject({ method: "GET", url: "/", headers: { cookie: `hearth_locale=cy`, "accept-language": "en-GB" } });
    expect(htmlTag(withHeader.body)).toContain('lang="cy"');
  });

  it("refuses a language it does not have, or a way back to another site, and remembers nothing", async () => {
    const browser = await newBrowser(t);
    await browser.get("/");
    const unknown = await browser.post("/language", { locale: "xx", next: "/" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("en-GB, cy, ar");
    const offsite = await browser.post("/language", { locale: "cy", next: "https://elsewhere.example/" });
    expect(offsite.statusCode).toBe(400);
    expect(browser.cookies.has("hearth_locale")).toBe(false);
    expect(htmlTag((await browser.get("/")).body)).toContain('lang="en-GB"');
  });
});

describe("a community's default language", () => {
  const setLanguage = (owner: { token: string }, slug: string, language: unknown) =>
    t.request({ method: "PATCH", url: `/api/v1/communities/${slug}`, token: owner.token, payload: { charter: { language } } });

  it("is a charter field the owner sets over the API; a language Hearth does not have is a 400 and changes nothing", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const bad = await setLanguage(owner, community.slug, "fr");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_input");
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter.language).toBeUndefined();
    const set = await setLanguage(owner, community.slug, "cy");
    expect(set.statusCode, set.body).toBe(200);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter.language).toBe("cy");
    const back = await setLanguage(owner, community.slug, null);
    expect(back.statusCode, back.body).toBe(200);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter.language).toBeUndefined();
  });

  it("is the language of its pages for a reader whose browser asks for none Hearth has, and only on its pages", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    expect((await setLanguage(owner, community.slug, "cy")).statusCode).toBe(200);
    const polish = { "accept-language": "pl-PL,pl;q=0.9" };
    const page = await t.app.inject({ method: "GET", url: `/c/${community.slug}`, headers: polish });
    expect(page.statusCode).toBe(200);
    expect(htmlTag(page.body)).toBe('<html lang="cy" dir="ltr">');
    expect(page.headers["content-language"]).toBe("cy");
    // Its API answers too: the same error code, the message in Welsh.
    const missing = await t.app.inject({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/no-such-space`, headers: polish });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-language"]).toBe("cy");
    // Elsewhere on the server, and for a reader who asks for English, it does not apply.
    expect((await t.app.inject({ method: "GET", url: "/", headers: polish })).headers["content-language"]).toBe("en-GB");
    const english = await t.app.inject({ method: "GET", url: `/c/${community.slug}`, headers: { "accept-language": "en-GB" } });
    expect(htmlTag(english.body)).toBe('<html lang="en-GB" dir="ltr">');
  });

  it("never shows a hidden community's language to someone who cannot see it: its 404 is the same as for no community at all", async () => {
    const owner = await signUp(t);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    expect((await setLanguage(owner, hidden.slug, "cy")).statusCode).toBe(200);
    const polish = { "accept-language": "pl" };
    const outsider = await t.app.inject({ method: "GET", url: `/c/${hidden.slug}`, headers: polish });
    const nothing = await t.app.inject({ method: "GET", url: "/c/no-community-by-this-name", headers: polish });
    expect(outsider.statusCode).toBe(404);
    expect(outsider.headers["content-language"]).toBe("en-GB");
    // The same page word for word, but for the slug and the form's one-time token.
    const same = (body: string, slug: string) => body.replaceAll(slug, "SLUG").replace(/name="_csrf" value="[^"]*"/, "");
    expect(same(outsider.body, hidden.slug)).toBe(same(nothing.body, "no-community-by-this-name"));
    // Its owner, who can see it, reads it in its language.
    const ownPage = await t.app.inject({ method: "GET", url: `/api/v1/communities/${hidden.slug}`, headers: { ...polish, authorization: `Bearer ${owner.token}` } });
    expect(ownPage.statusCode).toBe(200);
    expect(ownPage.headers["content-language"]).toBe("cy");
  });
});

describe("an account's language", () => {
  it("is kept on the account through the API and beats the browser's Accept-Language", async () => {
    const member = await signUp(t);
    const bad = await t.request({ method: "PUT", url: "/api/v1/me/locale", token: member.token, payload: { locale: "fr" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_input");
    expect((await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).json().locale).toBeNull();

    const set = await t.request({ method: "PUT", url: "/api/v1/me/locale", token: member.token, payload: { locale: "cy" } });
    expect(set.statusCode, set.body).toBe(200);
    expect((await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).json().locale).toBe("cy");

    const browser = await newBrowser(t, member);
    const page = await browser.get("/");
    expect(htmlTag(page.body)).toContain('lang="cy"');
    expect(page.body).toContain(cy.text("layout.signedInAs", { username: member.username }));
  });

  it("is saved when a signed-in person uses the footer's form", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    await browser.get("/");
    expect((await browser.post("/language", { locale: "ar", next: "/" })).statusCode).toBe(303);
    expect((await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).json().locale).toBe("ar");
  });

  it("cannot be set by a guest", async () => {
    const response = await t.request({ method: "PUT", url: "/api/v1/me/locale", payload: { locale: "cy" } });
    expect(response.statusCode).toBe(401);
  });
});

describe("the translated pages", () => {
  const keys = Object.keys(readCatalogue(path.join(LOCALES_DIR, "en-GB.json")));
  for (const locale of ["en-GB", "cy", "ar", "en-XA"]) {
    it(`render in ${locale} with no key showing in place of its words`, async () => {
      const owner = await signUp(t);
      const community = await createCommunity(t, owner, { name: "Breathing space" });
      for (const url of ["/", "/signin", "/signup", `/signup?join=${community.slug}`, "/search", `/search?q=breath&community=${community.slug}`, "/search?q=zzqqxx", "/no-such-page", "/search?q=a&cursor=broken"]) {
        const page = await t.app.inject({ method: "GET", url, headers: { cookie: `hearth_locale=${locale}` } });
        expect(htmlTag(page.body), url).toContain(`lang="${locale}"`);
        const shown = keys.filter((key) => page.body.includes(`>${key}<`) || page.body.includes(`"${key}"`) || page.body.includes(`>${key} `));
        expect(shown, `${url} in ${locale}`).toEqual([]);
      }
    });
  }

  it("welcome a new member, and offer reactions, in Welsh", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Anadlu'n well" });
    const member = await signUp(t);
    await join(t, member, community.slug);
    const thread = await startThread(t, owner, community.slug);
    await t.request({ method: "PUT", url: "/api/v1/me/locale", token: member.token, payload: { locale: "cy" } });
    const browser = await newBrowser(t, member);
    const welcome = await browser.get(`/c/${community.slug}/welcome`);
    expect(welcome.statusCode).toBe(200);
    expect(welcome.body).toContain("<h1>Croeso i Anadlu'n well</h1>");
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.body).toContain('aria-label="Ymatebion"');
    expect(page.body).toMatch(/>Diolch<\/button>/);
  });

  it("say the sign-in form's problems in Welsh", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signin");
    expect((await browser.post("/language", { locale: "cy", next: "/signin" })).statusCode).toBe(303);
    await browser.get("/signin");
    const page = await browser.post("/signin", { username: "", password: "", next: "/" });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(`<title>${cy.text("layout.titleSuffix", { title: cy.text("form.errorTitle", { title: "Mewngofnodi" }) })}</title>`);
    expect(page.body).toContain("Rhowch eich enw defnyddiwr.");
    expect(page.body).toContain("Mae problem");
  });

  it("say the service's problems with a sign-up on the form in Welsh, as the API does", async () => {
    const taken = await signUp(t);
    const payload = { username: taken.username, password: "correct horse battery staple" };
    const english = (await t.request({ method: "POST", url: "/api/v1/accounts", payload })).json().error.fields.username as string;
    const welsh = (await t.request({ method: "POST", url: "/api/v1/accounts", headers: { "accept-language": "cy" }, payload })).json().error.fields.username as string;
    expect(welsh).not.toBe(english);
    const browser = await newBrowser(t);
    browser.cookies.set("hearth_locale", "cy");
    await browser.get("/signup");
    const page = await browser.post("/signup", { ...payload, displayName: "Rhywun newydd", next: "/" });
    expect(page.statusCode).toBeGreaterThanOrEqual(400);
    expect(page.body).toContain(welsh.replace(/^./, (c) => c.toUpperCase()));
    expect(page.body).not.toContain(english.replace(/^./, (c) => c.toUpperCase()));
  });

  it("say the search page and its dates in Welsh", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Anadlu" });
    await startThread(t, owner, community.slug, "general", { title: "Cerdded yn y bore", body: "Mae cerdded yn helpu." });
    const page = await t.app.inject({ method: "GET", url: `/search?q=cerdded&community=${community.slug}`, headers: { cookie: "hearth_locale=cy" } });
    expect(page.body).toContain("<h1>Chwilio</h1>");
    expect(page.body).toContain(cy.text("search.resultsFor", { q: "cerdded" }));
    const month = new Intl.DateTimeFormat("cy", { month: "long", timeZone: "UTC" }).format(new Date());
    expect(page.body).toMatch(new RegExp(`Dechreuwyd yr edefyn \\d+ ${month} \\d{4} am \\d{2}:\\d{2}`));
  });
});

describe("the API's errors", () => {
  it("keep their codes in every language while the messages change", async () => {
    const send = (language: string) =>
      t.app.inject({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json", "accept-language": language }, payload: "{not json" });
    const [en, welsh] = [await send("en-GB"), await send("cy")];
    expect([en.statusCode, welsh.statusCode]).toEqual([400, 400]);
    expect(en.json().error.code).toBe("malformed_json");
    expect(welsh.json().error.code).toBe("malformed_json");
    expect(en.json().error.message).toBe(translatorFor("en-GB").text("error.malformedJson"));
    expect(welsh.json().error.message).toBe(cy.text("error.malformedJson"));

    const unknown = await t.app.inject({ method: "GET", url: "/api/v1/nothing-here", headers: { "accept-language": "cy" } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toEqual({ code: "not_found", message: cy.text("error.nothingHere") });

    const guest = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { "accept-language": "cy" } });
    expect(guest.json().error).toEqual({ code: "not_signed_in", message: "Mewngofnodwch yn gyntaf." });
  });

  it("name a field's problem in the reader's language", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/sessions",
      headers: { "content-type": "application/json", "accept-language": "cy" },
      payload: JSON.stringify({ username: "someone" }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_input");
    expect(response.json().error.fields.password).toBe("mae angen hwn");
  });

  it("refuse a body that is not JSON, a request from another site and a way back elsewhere in Welsh, with the same codes", async () => {
    const welsh = { "accept-language": "cy" };
    const notJson = await t.app.inject({ method: "POST", url: "/api/v1/sessions", headers: { ...welsh, "content-type": "text/plain" }, payload: "{}" });
    expect(notJson.statusCode).toBe(415);
    expect(notJson.json().error).toEqual({ code: "unsupported_media_type", message: cy.text("error.mediaType.jsonOnly") });
    const english = await t.app.inject({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "text/plain" }, payload: "{}" });
    expect(english.json().error.message).toBe("This API takes JSON only. Send the body as JSON with Content-Type: application/json.");

    const elsewhere = await t.app.inject({
      method: "POST",
      url: "/api/v1/sessions",
      headers: { ...welsh, "content-type": "application/json", origin: "https://evil.example" },
      payload: JSON.stringify({ username: "someone", password: "correct horse battery staple" }),
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error).toEqual({ code: "forbidden", message: "Daeth y cais hwn o wefan arall, felly cafodd ei wrthod. Os pwysoch fotwm ar Hearth, ail-lwythwch y dudalen a rhowch gynnig arall arni." });

    const browser = await newBrowser(t);
    browser.cookies.set("hearth_locale", "cy");
    await browser.get("/search");
    const away = await browser.post("/language", { locale: "cy", next: "https://evil.example/" });
    expect(away.statusCode).toBe(400);
    expect(away.body).toContain("Nid yw'r cyfeiriad y byddai'r ddolen hon yn mynd â chi iddo wedyn yn dudalen ar y wefan hon");

    const stale = await t.app.inject({
      method: "POST",
      url: "/language",
      headers: { cookie: "hearth_locale=cy", "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
      payload: "locale=cy&next=%2F",
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain(cy.text("error.csrf.expired"));
    expect(stale.body).not.toContain("This form has expired.");
  });
});

describe("the forms' own problems", () => {
  it("say a schema's limit in Welsh, with the numbers as English writes them", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const thread = await startThread(t, owner, community.slug);
    const browser = await newBrowser(t, owner);
    browser.cookies.set("hearth_locale", "cy");
    await browser.get(`/t/${thread.id}`);
    const tooLong = await browser.post(`/t/${thread.id}/replies`, { body: "a".repeat(20_001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain("Defnyddiwch 20,000 nod ar y mwyaf. Mae gan hwn 20,001.");
    expect(tooLong.body).not.toContain("Use at most");
  });
});

describe("the server's language", () => {
  it("is HEARTH_LOCALE for a browser that asks for none Hearth has", async () => {
    const welshServer = await createTestApp({ env: { HEARTH_LOCALE: "cy", HEARTH_RATE_LIMITS: "0" } });
    try {
      const page = await welshServer.app.inject({ method: "GET", url: "/", headers: { "accept-language": "fr" } });
      expect(htmlTag(page.body)).toBe('<html lang="cy" dir="ltr">');
      const english = await welshServer.app.inject({ method: "GET", url: "/", headers: { "accept-language": "en" } });
      expect(htmlTag(english.body)).toBe('<html lang="en-GB" dir="ltr">');
    } finally {
      await welshServer.close();
    }
  });
});
