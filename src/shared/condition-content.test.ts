/** Finding crisis language and marking glossary terms: whole phrases only, never inside tags, links or code. */
import { describe, expect, it } from "vitest";
import { checkCrisisResources, checkThreadWarnings, DEFAULT_CONTENT_WARNINGS, findCrisisLanguage } from "./condition-content.ts";
import { markGlossaryTerms } from "./glossary-marks.ts";
import { renderMarkdown } from "./markdown.ts";
import { AppError } from "./errors.ts";

const fieldsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, fields: Object.keys(error.fields ?? {}) };
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("crisis language", () => {
  it("finds whole phrases, ignoring case, curly apostrophes and extra spaces, with the highest urgency", () => {
    expect(findCrisisLanguage("Some days I WANT  TO DIE.")).toEqual({ urgency: "high", phrases: ["want to die"] });
    expect(findCrisisLanguage("I just can’t go on like this")).toEqual({ urgency: "medium", phrases: ["can't go on"] });
    expect(findCrisisLanguage("Weithiau dw i eisiau marw")?.urgency).toBe("high");
  });

  it("does not fire inside longer words or on ordinary talk", () => {
    expect(findCrisisLanguage("My inhaler helped; I want to diet less strictly")).toBeNull();
    expect(findCrisisLanguage("How do you get going on cold mornings?")).toBeNull();
  });

  it("adds a community's own phrases, as medium", () => {
    expect(findCrisisLanguage("I have stopped my oxygen on purpose", ["stopped my oxygen"])).toEqual({ urgency: "medium", phrases: ["stopped my oxygen"] });
  });
});

describe("charter checks", () => {
  it("refuses a country that is not an ISO 3166-1 alpha-2 code, naming the field", () => {
    expect(fieldsOf(() => checkCrisisResources([{ country: "UK1", name: "Samaritans", phone: "116 123" }]))).toEqual({ status: 400, fields: ["charter.crisisResources[0].country"] });
    expect(fieldsOf(() => checkCrisisResources([{ country: "ZZ", name: "Samaritans", phone: "116 123" }]))).toEqual({ status: 400, fields: ["charter.crisisResources[0].country"] });
    expect(checkCrisisResources([{ country: "gb", name: " Samaritans ", phone: "116 123" }])).toEqual([{ country: "GB", name: "Samaritans", phone: "116 123" }]);
  });

  it("takes a thread's warnings only from the community's list, in the list's spelling", () => {
    expect(checkThreadWarnings(["END OF LIFE"], DEFAULT_CONTENT_WARNINGS)).toEqual(["end of life"]);
    expect(fieldsOf(() => checkThreadWarnings(["spiders"], DEFAULT_CONTENT_WARNINGS))).toEqual({ status: 400, fields: ["contentWarnings"] });
  });
});

describe("glossary marks", () => {
  const terms = [
    { id: "t1", term: "spirometry", definition: "A breathing test." },
    { id: "t2", term: "pulmonary rehabilitation", definition: "An exercise and education course." },
    { id: "t3", term: "rehabilitation", definition: "Getting back to what you can do." },
  ];
  const mark = (markdown: string) => markGlossaryTerms(renderMarkdown(markdown), terms, (t) => `/c/x/glossary#term-${t.id}`, (t) => `g-${t.id}`);

  it("marks the first whole-word use of each term in text, longest term first", () => {
    const { html, used } = mark("Spirometry first, then spirometry again, then pulmonary rehabilitation.");
    expect(html).toContain('<a href="/c/x/glossary#term-t1" class="glossary-term" aria-describedby="g-t1">Spirometry</a> first, then spirometry again');
    expect(html).toContain('aria-describedby="g-t2">pulmonary rehabilitation</a>');
    expect(used.map((t) => t.id)).toEqual(["t1", "t2"]);
  });

  it("leaves links, code, attributes and parts of words alone", () => {
    const { html, used } = mark("[spirometry](https://example.org/spirometry) and `spirometry` and\n\n    spirometry\n\nand spirometryish");
    expect(used).toEqual([]);
    expect(html).toBe(renderMarkdown("[spirometry](https://example.org/spirometry) and `spirometry` and\n\n    spirometry\n\nand spirometryish"));
  });
});
