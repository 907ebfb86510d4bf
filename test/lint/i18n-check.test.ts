/**
 * The catalogue check (scripts/i18n-check.ts) on small trees made for it: a clean tree
 * passes, and each rule fails on the one mistake it exists for.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCatalogues } from "../../scripts/i18n-check.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

type Tree = { en?: Record<string, string>; cy?: Record<string, string>; ar?: Record<string, string>; files?: Record<string, string>; pending?: string[] };

const CLEAN: Required<Omit<Tree, "pending">> = {
  en: { "page.title": "Hello", "page.count": "{count, plural, one {# member} other {# members}}" },
  cy: { "page.title": "Helo", "page.count": "{count, plural, zero {Dim aelodau} one {# aelod} other {# aelod}}" },
  ar: { "page.title": "مرحبا" },
  files: { "src/page.tsx": 'export const Page = ({ t }) => <h1>{t.text("page.title")}</h1>;\nconst c = (t) => t.text("page.count", { count: 2 });\n' },
};

function tree({ en = CLEAN.en, cy = CLEAN.cy, ar = CLEAN.ar, files = CLEAN.files, pending = [] }: Tree = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-i18n-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, "locales"));
  fs.mkdirSync(path.join(root, "scripts"));
  fs.writeFileSync(path.join(root, "locales", "en-GB.json"), JSON.stringify({ "@@locale": "en-GB", ...en }));
  fs.writeFileSync(path.join(root, "locales", "cy.json"), JSON.stringify({ "@@locale": "cy", ...cy }));
  fs.writeFileSync(path.join(root, "locales", "ar.json"), JSON.stringify({ "@@locale": "ar", ...ar }));
  fs.writeFileSync(path.join(root, "scripts", "i18n-pending.txt"), pending.join("\n"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("the catalogue check", () => {
  it("passes a tree where every text comes from complete catalogues", () => {
    expect(checkCatalogues(tree())).toEqual([]);
  });

  it("fails on a key the code asks for that English lacks", () => {
    const files = { "src/page.tsx": CLEAN.files["src/page.tsx"] + 'const x = (t) => t.text("page.missing");\n' };
    expect(checkCatalogues(tree({ files }))).toEqual(["src/page.tsx: the key page.missing is not in locales/en-GB.json"]);
  });

  it("fails on an English key no code uses", () => {
    const en = { ...CLEAN.en, "page.dead": "Nobody says this" };
    expect(checkCatalogues(tree({ en, cy: { ...CLEAN.cy, "page.dead": "Neb" } }))).toEqual(["locales/en-GB.json: no code uses the key page.dead"]);
  });

  it("fails when Welsh lacks a key, but lets the right-to-left catalogue be partial", () => {
    expect(checkCatalogues(tree({ cy: { "page.title": "Helo" } }))).toEqual(["locales/cy.json: page.count is missing (this language must be complete)"]);
  });

  it("fails on a translation with a key English lacks, or a placeholder English does not give", () => {
    expect(checkCatalogues(tree({ ar: { "page.other": "x" } }))).toEqual(["locales/ar.json: page.other is not an English key"]);
    expect(checkCatalogues(tree({ cy: { ...CLEAN.cy, "page.title": "Helo {name}" } }))).toEqual([
      "locales/cy.json: page.title uses {name}, which the English message does not give it",
    ]);
  });

  it("fails on a message that is not valid ICU", () => {
    const problems = checkCatalogues(tree({ cy: { ...CLEAN.cy, "page.count": "{count, plural, one {# aelod}" } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^locales\/cy\.json: page\.count is not valid ICU MessageFormat/);
  });

  it("fails on English written into a page, unless the page is on the pending list, and on a listed page with none left", () => {
    const files = { ...CLEAN.files, "src/other.tsx": "export const Other = () => <p>Start a community</p>;\n" };
    expect(checkCatalogues(tree({ files }))).toEqual([
      'src/other.tsx: English written into the page ("Start a community"); put it in locales/en-GB.json and use t.text()',
    ]);
    expect(checkCatalogues(tree({ files, pending: ["src/other.tsx"] }))).toEqual([]);
    expect(checkCatalogues(tree({ pending: ["src/page.tsx"] }))).toEqual(["scripts/i18n-pending.txt: src/page.tsx has no English left; take it off the list"]);
    const label = { ...CLEAN.files, "src/label.tsx": 'export const L = () => <Field label="Search for" name="q" />;\n' };
    expect(checkCatalogues(tree({ files: label }))).toEqual([
      'src/label.tsx: English written into the page ("Search for"); put it in locales/en-GB.json and use t.text()',
    ]);
  });
});
