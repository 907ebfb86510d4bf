/**
 * The catalogues' check, run by `npm run lint` (issue 9, ADR 34). It fails on:
 *   - a key code asks for (`t.text("…")`, `msg("…")`) that the English catalogue lacks;
 *   - a key in English that no code names (a dead message nobody will translate right);
 *   - a Welsh catalogue without every English key, or any catalogue with keys English lacks;
 *   - a message that is not valid ICU MessageFormat, or a translation that uses a
 *     placeholder the English message does not give it;
 *   - English written straight into a page component (JSX text, or a sentence in a string
 *     literal: a label, a message, a title), outside the files
 *     still listed in scripts/i18n-pending.txt — and a listed file that has none left, so the
 *     list only shrinks.
 *
 *   tsx scripts/i18n-check.ts [--root <dir>]
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

const COMPLETE_LOCALES = ["cy"];
const CALL = /\b(?:text|msg)\(\s*"([A-Za-z0-9_.-]+)"/g;
const LITERAL = /"([a-z][A-Za-z0-9]*\.[A-Za-z0-9_.]+)"/g;

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

function readJson(file: string): Record<string, string> {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith("@@")));
}

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}

/** English words between JSX tags, line by line: the text a page writes without a catalogue. */
export function englishInJsx(source: string): string[] {
  const found: string[] = [];
  const code = source
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  for (const match of code.matchAll(/(?<!=)>([^<>{}]*)</g)) {
    const text = match[1]!.trim();
    if (/[A-Za-z]{2,}/.test(text) && !/[=;]|=>|&&/.test(text)) found.push(text);
  }
  // A sentence in a string: a label, a message or a title handed to a component.
  for (const match of code.matchAll(/["`]([A-Z][a-z'’]*(?: [A-Za-z'’,]+)+[.?!:]?)["`]/g)) found.push(match[1]!);
  for (const line of code.split("\n")) {
    const text = line.trim();
    // A line of JSX text on its own, between an opening tag above and a closing one below.
    if (/^[A-Z][a-z]+(?: [A-Za-z'’,.?!-]+)+$/.test(text) && !/^(import|export|const|return|type|function)\b/.test(text)) found.push(text);
  }
  return found;
}

export function checkCatalogues(root: string): string[] {
  const problems: string[] = [];
  const localesDir = path.join(root, "locales");
  const english = readJson(path.join(localesDir, "en-GB.json"));
  const sources = walk(path.join(root, "src")).map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, "utf8") }));

  const named = new Set<string>();
  for (const { file, text } of sources) {
    for (const [, key] of text.matchAll(CALL)) {
      named.add(key!);
      if (!(key! in english)) problems.push(`${file}: the key ${key} is not in locales/en-GB.json`);
    }
    for (const [, key] of text.matchAll(LITERAL)) named.add(key!);
  }
  for (const key of Object.keys(english)) if (!named.has(key)) problems.push(`locales/en-GB.json: no code uses the key ${key}`);

  const englishArguments = new Map<string, Set<string>>();
  for (const [key, message] of Object.entries(english)) {
    try {
      englishArguments.set(key, argumentsOf(parse(message)));
    } catch (error) {
      problems.push(`locales/en-GB.json: ${key} is not valid ICU MessageFormat (${String(error)})`);
    }
  }
  for (const file of fs.readdirSync(localesDir).filter((f) => f.endsWith(".json") && f !== "en-GB.json")) {
    const locale = file.replace(/\.json$/, "");
    const messages = readJson(path.join(localesDir, file));
    for (const [key, message] of Object.entries(messages)) {
      if (!(key in english)) {
        problems.push(`locales/${file}: ${key} is not an English key`);
        continue;
      }
      try {
        const allowed = englishArguments.get(key) ?? new Set();
        for (const name of argumentsOf(parse(message))) {
          if (!allowed.has(name)) problems.push(`locales/${file}: ${key} uses {${name}}, which the English message does not give it`);
        }
      } catch (error) {
        problems.push(`locales/${file}: ${key} is not valid ICU MessageFormat (${String(error)})`);
      }
    }
    if (COMPLETE_LOCALES.includes(locale)) {
      for (const key of Object.keys(english)) if (!(key in messages)) problems.push(`locales/${file}: ${key} is missing (this language must be complete)`);
    }
  }

  const pendingFile = path.join(root, "scripts", "i18n-pending.txt");
  const pending = new Set(
    fs.existsSync(pendingFile)
      ? fs.readFileSync(pendingFile, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
      : [],
  );
  for (const { file, text } of sources.filter((s) => s.file.endsWith(".tsx"))) {
    const english = englishInJsx(text);
    if (english.length > 0 && !pending.has(file)) {
      problems.push(`${file}: English written into the page (${JSON.stringify(english[0])}); put it in locales/en-GB.json and use t.text()`);
    }
    if (english.length === 0 && pending.has(file)) problems.push(`scripts/i18n-pending.txt: ${file} has no English left; take it off the list`);
  }
  for (const file of pending) if (!sources.some((s) => s.file === file)) problems.push(`scripts/i18n-pending.txt: ${file} does not exist`);
  return problems;
}

function main(): void {
  const rootFlag = process.argv.indexOf("--root");
  const root = rootFlag >= 0 ? path.resolve(process.argv[rootFlag + 1]!) : path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const problems = checkCatalogues(root);
  for (const problem of problems) console.error(`✘ ${problem}`);
  if (problems.length > 0) {
    console.error(`\n✘ the message catalogues: ${problems.length} problem(s).`);
    process.exitCode = 1;
  } else {
    console.log("✔ The message catalogues are complete and every page's text comes from them (but the files in scripts/i18n-pending.txt).");
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
