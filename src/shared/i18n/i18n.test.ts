/**
 * The catalogues and their machinery, as a reader meets them: plural forms by each
 * language's rules (Welsh has six), English where a partial catalogue has no entry,
 * the language a browser's Accept-Language picks, and the pseudo-locale.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { negotiate } from "./locales.ts";
import { msg } from "./message.ts";
import { translatorFor } from "./translator.ts";

describe("plural forms", () => {
  it("follow English: one member, 2 members", () => {
    const en = translatorFor("en-GB");
    expect(en.text("home.memberCount", { count: 1 })).toBe("1 member");
    expect(en.text("home.memberCount", { count: 2 })).toBe("2 members");
    expect(en.text("home.memberCount", { count: 0 })).toBe("0 members");
  });

  it("follow Welsh: a noun after a number stays singular, and none is 'dim'", () => {
    const cy = translatorFor("cy");
    expect([0, 1, 2, 3, 6, 11].map((count) => cy.text("home.memberCount", { count }))).toEqual([
      "Dim aelodau",
      "1 aelod",
      "2 aelod",
      "3 aelod",
      "6 aelod",
      "11 aelod",
    ]);
    expect(cy.text("threads.replyCount", { count: 0 })).toBe("Dim atebion");
  });

  it("follow Arabic's dual", () => {
    const ar = translatorFor("ar");
    expect(ar.text("home.memberCount", { count: 2 })).toBe("عضوان");
    expect(ar.text("home.memberCount", { count: 1 })).toBe("عضو واحد");
  });
});

describe("a partial catalogue", () => {
  it("shows English for what it lacks, never a key", () => {
    const ar = translatorFor("ar");
    expect(ar.dir).toBe("rtl");
    expect(ar.text("layout.skipLink")).toBe("انتقل إلى المحتوى الرئيسي");
    expect(ar.text("home.lead")).toBe(translatorFor("en-GB").text("home.lead"));
  });
});

describe("a message made where the words are decided", () => {
  it("is said in the reader's language where it is shown", () => {
    const said = msg("error.notSignedIn");
    expect(translatorFor("en-GB").say(said)).toBe("Please sign in first.");
    expect(translatorFor("cy").say(said)).toBe("Mewngofnodwch yn gyntaf.");
    expect(translatorFor("cy").say("Text not yet in a catalogue")).toBe("Text not yet in a catalogue");
  });

  it("formats numbers and dates in the reader's locale", () => {
    expect(translatorFor("en-GB").number(12345)).toBe("12,345");
    expect(translatorFor("cy").date(new Date("2026-03-01T12:00:00Z"), { month: "long", timeZone: "UTC" })).toBe("Mawrth");
  });
});

describe("Accept-Language", () => {
  it("picks the best language Hearth has, by q-value and then by order", () => {
    expect(negotiate("cy-GB,cy;q=0.9,en;q=0.5")).toBe("cy");
    expect(negotiate("fr-FR,fr;q=0.9,en-US;q=0.8")).toBe("en-GB");
    expect(negotiate("en;q=0.4, ar;q=0.8")).toBe("ar");
    expect(negotiate("fr, de")).toBeUndefined();
    expect(negotiate("cy;q=0")).toBeUndefined();
    expect(negotiate(";;;,,q=abc")).toBeUndefined();
  });

  it("never picks the developers' pseudo-locale", () => {
    expect(negotiate("en-XA")).toBeUndefined();
  });
});

describe("the pseudo-locale", () => {
  it("accents and lengthens the words but keeps each placeholder", () => {
    const text = translatorFor("en-XA").text("layout.signedInAs", { username: "ann_01" });
    expect(text).toMatch(/^\[Šíĝñééð íñ ááš ann_01\]$/);
  });
});

describe("HEARTH_LOCALE", () => {
  it("takes a language Hearth has and refuses one it has not, saying which it has", () => {
    expect(loadConfig({ HEARTH_LOCALE: "cy" }).locale).toBe("cy");
    expect(loadConfig({}).locale).toBe("en-GB");
    expect(() => loadConfig({ HEARTH_LOCALE: "fr" })).toThrow('HEARTH_LOCALE must be one of en-GB, cy, ar; it is "fr".');
  });
});

describe("a message inside a message", () => {
  it("is said in the same language as the sentence around it", () => {
    const reason = msg("pictureFetch.tooLarge");
    const sentence = msg("problem.externalIdentity.pictureNotCopied", { reason });
    expect(translatorFor("en-GB").say(sentence)).toBe("we could not copy the picture: it is larger than 1 MB. Untick it, or try again later");
    expect(translatorFor("cy").say(sentence)).toBe("ni allem gopïo'r llun: mae'n fwy nag 1 MB. Dad-diciwch ef, neu rhowch gynnig arall arni yn nes ymlaen");
  });
});
