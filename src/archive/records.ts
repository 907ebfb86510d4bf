/**
 * The checks every record of an archive passes before anything is written: its JSON
 * Schema, the one normaliser of text entering Hearth (ADR 18: no NUL, lone surrogates or
 * control characters; names NFKC with no format characters), ids unique within their part,
 * and every reference to a record that came before it.
 */
import { normaliseForMatch } from "../shared/condition-content.ts";
import { findUnsafeText, normaliseName, normaliseTitle } from "../shared/text.ts";
import { english } from "../shared/i18n/translator.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { KEY_OF, schemaProblem, VALIDATORS, type PartName } from "./format.ts";

type R = Record<string, unknown>;

const NAME_LIMIT = { max: 200, empty: msg("problem.text.unsafe") };
const TITLE_LIMIT = { max: 1000, empty: msg("problem.text.unsafe") };

/** Names normalised as a new one would be; a problem as a few words, or null. */
function normalise(part: PartName, record: R): string | null {
  const fields: Record<string, [string, "name" | "title"][]> = {
    community: [["name", "name"]],
    spaces: [["name", "name"]],
    glossary: [["term", "name"]],
    personas: [["displayName", "name"]],
    threads: [["title", "title"]],
  };
  try {
    for (const [field, kind] of fields[part] ?? []) {
      if (typeof record[field] !== "string") continue;
      record[field] = kind === "name" ? normaliseName(field, record[field], NAME_LIMIT) : normaliseTitle(field, record[field], TITLE_LIMIT);
    }
    if (part === "threads" && Array.isArray(record.titleHistory)) {
      for (const entry of record.titleHistory as R[]) entry.title = normaliseTitle("title", String(entry.title), TITLE_LIMIT);
    }
  } catch (error) {
    if (error instanceof AppError) return `${Object.keys(error.fields ?? {})[0] ?? "a name"}: ${Object.values(error.fields ?? {})[0] ?? error.message}`;
    throw error;
  }
  return null;
}

/** What one streaming pass remembers: the ids seen, to refuse duplicates and dangling references. */
export class Seen {
  private readonly keys = new Map<PartName, Set<string>>();
  readonly carriedThreads = new Set<string>();
  private readonly spaceSlugs = new Set<string>();
  private readonly glossaryTerms = new Set<string>();
  private readonly pollThreads = new Set<string>();

  has(part: PartName, id: string): boolean {
    return this.keys.get(part)?.has(id) ?? false;
  }

  /** The problem with `record` of `part` (normalising its names in place), or null when it may be imported. */
  check(part: PartName, record: unknown): string | null {
    const validate = VALIDATORS[part];
    if (!validate(record)) return `it does not match the ${part} schema (${schemaProblem(validate)})`;
    const r = record as R;
    const unsafe = findUnsafeText(r);
    if (unsafe) return `${unsafe.field}: ${english().say(unsafe.problem)}`;
    const named = normalise(part, r);
    if (named) return named;
    const key = String(r[KEY_OF[part]]);
    const keys = this.keys.get(part) ?? new Set<string>();
    this.keys.set(part, keys);
    if (keys.has(key)) return `another record of the part has the same ${KEY_OF[part]} "${key}"`;
    const missing = this.dangling(part, r);
    if (missing) return missing;
    keys.add(key);
    return null;
  }

  private dangling(part: PartName, r: R): string | null {
    const needs = (target: PartName, id: unknown, what: string) => (this.has(target, String(id)) ? null : `it names ${what} "${String(id)}", which is not in the archive before it`);
    switch (part) {
      case "spaces":
        if (this.spaceSlugs.has(String(r.slug))) return `another space has the slug "${String(r.slug)}"`;
        this.spaceSlugs.add(String(r.slug));
        return null;
      case "glossary": {
        const term = normaliseForMatch(String(r.term));
        if (this.glossaryTerms.has(term)) return `the term "${String(r.term)}" is in the glossary twice`;
        this.glossaryTerms.add(term);
        return null;
      }
      case "threads": {
        const problem = needs("spaces", r.spaceId, "the space") ?? (r.carried ? needs("personas", r.authorPersonaId, "the persona") : null);
        if (!problem && r.carried) this.carriedThreads.add(String(r.id));
        return problem;
      }
      case "posts":
        return needs("threads", r.threadId, "the thread") ?? (r.carried ? needs("personas", r.authorPersonaId, "the persona") : null);
      case "reactions":
        return needs("posts", r.postId, "the post");
      case "polls": {
        if (!this.carriedThreads.has(String(r.threadId))) return `it names the thread "${String(r.threadId)}", which is not a carried thread of the archive`;
        if (this.pollThreads.has(String(r.threadId))) return `the thread "${String(r.threadId)}" has two polls`;
        this.pollThreads.add(String(r.threadId));
        if ((r.counts as unknown[]).length !== (r.options as unknown[]).length) return "its counts do not match its options";
        return null;
      }
      default:
        return null;
    }
  }
}
