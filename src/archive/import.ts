/**
 * Reads an archive into this server (docs/archive-format.md, ADR 44) in two streaming
 * passes. The first writes nothing: the manifest's format version and schema, its
 * Ed25519 signature, then every record of every part (schema, text, duplicate ids,
 * references) and every part's count, size and SHA-256 against the manifest. Only an
 * archive that passes all of it is read again, inside one transaction, and written; the
 * second pass hashes the parts again, so a file changed between the passes rolls back.
 */
import type { Db } from "../db/connection.ts";
import { RESERVED_SLUGS, SLUG_PATTERN } from "../communities/communities.service.ts";
import secureJson from "secure-json-parse";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { english } from "../shared/i18n/translator.ts";
import { findUnsafeText, normaliseName } from "../shared/text.ts";
import { ArchiveRefused, refuse } from "./archive-error.ts";
import * as repo from "./archive.repo.ts";
import { FORMAT_VERSION, LIMITS, MANIFEST, PARTS, partFile, schemaProblem, SIGNATURE, VALIDATORS, type Manifest, type PartName } from "./format.ts";
import type { Progress } from "./progress.ts";
import { Seen } from "./records.ts";
import { fingerprintOf, verifyManifest } from "./signing.ts";
import { PartLines, readEntries, readSmall, type Entry } from "./tar-reader.ts";
import { ArchiveWriter } from "./archive-writer.ts";

export type Verified = { manifest: Manifest; fingerprint: string; slug: string };
export type ImportResult = Verified & { records: number };

function parseManifest(bytes: Buffer): Manifest {
  let value: unknown;
  try {
    value = secureJson.parse(bytes.toString("utf8"), undefined, { protoAction: "error", constructorAction: "error" });
  } catch {
    return refuse("The archive's manifest.json is not JSON: it is damaged, or not a Hearth archive.");
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== FORMAT_VERSION) {
    return refuse(`The archive is in format version ${JSON.stringify(version ?? null)}; this Hearth reads format version ${FORMAT_VERSION} only.`);
  }
  if (!VALIDATORS.manifest(value)) return refuse(`The archive's manifest.json is not one Hearth can read: ${schemaProblem(VALIDATORS.manifest)}.`);
  const manifest = value as Manifest;
  const lineage = lineageProblem(manifest);
  if (lineage) return refuse(`The archive's manifest.json is not one Hearth can read: its lineage's ${lineage}.`);
  const names = manifest.parts.map((p) => p.name).join(",");
  if (names !== PARTS.map(partFile).join(",")) return refuse(`The archive's manifest lists the parts ${names || "(none)"}; a format version ${FORMAT_VERSION} archive has ${PARTS.map(partFile).join(", ")}.`);
  return manifest;
}

/** The lineage's text passes the one normaliser, as a record's would (its parent's name normalised in place); a problem in a few words, or null. */
function lineageProblem(manifest: Manifest): string | null {
  if (!manifest.lineage) return null;
  const unsafe = findUnsafeText(manifest.lineage);
  if (unsafe) return `${unsafe.field}: ${english().say(unsafe.problem)}`;
  const parent = manifest.lineage.forkedFrom;
  if (!parent) return null;
  try {
    parent.name = normaliseName("forkedFrom.name", parent.name, { max: 200, empty: msg("problem.text.unsafe") });
  } catch (error) {
    if (error instanceof AppError) return `forkedFrom.name: ${Object.values(error.fields ?? {})[0] ?? error.message}`;
    throw error;
  }
  return null;
}

async function next(entries: AsyncGenerator<Entry>, name: string, missing: string): Promise<Entry> {
  const { value, done } = await entries.next();
  if (done) return refuse(missing);
  if (value.name !== name) return refuse(`The archive holds ${value.name} where ${name} should be: its files are missing or out of order.`);
  return value;
}

const TRUNCATED = "The archive ends before its last file does: it is truncated.";

/** Reads the manifest and checks its signature; returns the entries left to read. */
async function openArchive(file: string): Promise<{ manifest: Manifest; fingerprint: string; entries: AsyncGenerator<Entry> }> {
  const entries = readEntries(file);
  const first = await entries.next();
  if (first.done || first.value.name !== MANIFEST) return refuse("The archive does not begin with manifest.json: it is not a Hearth archive.");
  const manifestBytes = await readSmall(first.value, LIMITS.manifestBytes);
  const manifest = parseManifest(manifestBytes);
  const signature = await readSmall(await next(entries, SIGNATURE, "The archive has no signature (manifest.sig); Hearth imports only signed archives."), LIMITS.signatureBytes);
  const fingerprint = fingerprintOf(Buffer.from(manifest.signingKey.publicKey, "base64"));
  if (fingerprint !== manifest.signingKey.fingerprint) return refuse("The archive's manifest names a key fingerprint that is not its key's: it was changed after it was signed.");
  if (!verifyManifest(manifest.signingKey.publicKey, manifestBytes, Buffer.from(signature.toString("utf8").trim(), "base64"))) {
    return refuse("The archive's signature does not match its manifest: the manifest was changed after it was signed, or the signature is not its key's.");
  }
  return { manifest, fingerprint, entries };
}

/** Every part's records, in order, with the part's hash checked against the manifest at its end. */
async function* records(manifest: Manifest, entries: AsyncGenerator<Entry>, progress: Progress): AsyncGenerator<{ part: PartName; record: Record<string, unknown>; number: number; problem?: string }> {
  for (const [i, part] of PARTS.entries()) {
    const summary = manifest.parts[i]!;
    progress.stage(part, summary.records);
    const lines = new PartLines(await next(entries, summary.name, TRUNCATED));
    let firstProblem: string | null = null;
    let count = 0;
    for await (const line of lines) {
      count += 1;
      if (line.problem) firstProblem ??= line.problem;
      if (!firstProblem) yield { part, record: line.record as Record<string, unknown>, number: line.number };
      if (count % 1000 === 0) progress.advance(1000);
    }
    progress.advance(count % 1000);
    if (lines.bytes !== summary.bytes || lines.hash.digest("hex") !== summary.sha256 || count !== summary.records) {
      refuse(`${summary.name} in the archive does not match the SHA-256 and size its signed manifest gives: the archive was changed after it was signed, or it is truncated.`);
    }
    if (firstProblem) refuse(`The archive is damaged: ${firstProblem}.`);
  }
  const extra = await entries.next();
  if (!extra.done) refuse(`The archive holds ${extra.value.name} again after its last part; it is not one Hearth wrote.`);
}

function checkSlug(slug: string): void {
  if (!new RegExp(SLUG_PATTERN).test(slug) || RESERVED_SLUGS.has(slug)) {
    refuse(`"${slug}" cannot be a community's address: use 3 to 60 lower-case letters, digits and dashes, not starting or ending with a dash, and not a reserved word.`);
  }
}

/** The first pass: checks the whole archive and writes nothing. */
export async function verifyArchive(db: Db, file: string, wanted: string | undefined, progress: Progress): Promise<Verified> {
  const { manifest, fingerprint, entries } = await openArchive(file);
  try {
    const slug = wanted ?? manifest.community.slug;
    checkSlug(slug);
    if (await repo.slugTaken(db, slug)) {
      refuse(wanted ? `A community called "${slug}" is already on this server; choose another with --slug.` : `A community called "${slug}" is already on this server; choose another address for this one with --slug <new-slug>.`);
    }
    const already = await repo.communityIdTaken(db, manifest.community.id);
    if (already) refuse(`This archive's community is already on this server, at "${already}"; an archive is imported once per server.`);
    const seen = new Seen();
    let communities = 0;
    for await (const { part, record, number } of records(manifest, entries, progress)) {
      const problem = seen.check(part, record);
      if (problem) refuse(`Record ${number} of ${partFile(part)} in the archive cannot be imported: ${problem}.`);
      if (part === "community") {
        communities += 1;
        if (communities > 1 || record.id !== manifest.community.id) refuse("The archive's community.jsonl must hold exactly its manifest's community.");
      }
    }
    if (communities !== 1) refuse("The archive's community.jsonl must hold exactly its manifest's community.");
    return { manifest, fingerprint, slug };
  } finally {
    await entries.return(undefined);
  }
}

/** Both passes: nothing is written unless all of the archive can be, in one transaction. */
/** `hearth import --owner`: the account named, and how it is made the new community's owner (the communities service, in the import's transaction). */
export type ImportOwner = { username: string; admit: (trx: Db, communityId: string, accountId: string) => Promise<unknown> };

export async function importArchive(db: Db, file: string, options: { slug?: string; owner?: ImportOwner; onVerified?: (v: Verified) => void }, progress: Progress): Promise<ImportResult> {
  // The owner is looked up before the archive is read: a misspelt name costs no pass over a large file.
  const ownerId = options.owner ? await repo.liveAccountByUsername(db, options.owner.username) : null;
  if (options.owner && !ownerId) refuse(`There is no account called "${options.owner.username}" on this server to own the community; create it first (hearth create-admin, or sign up), or leave out --owner.`);
  const verified = await verifyArchive(db, file, options.slug, progress);
  options.onVerified?.(verified);
  let count = 0;
  try {
    await db.transaction().execute(async (trx) => {
      const { manifest, entries } = await openArchive(file);
      if (manifest.exportedAt !== verified.manifest.exportedAt) refuse("The archive changed while it was being imported; nothing was written.");
      const writer = new ArchiveWriter(trx, manifest, verified.slug, verified.fingerprint);
      const seen = new Seen();
      try {
        for await (const { part, record, number } of records(manifest, entries, progress)) {
          // The same checks again: they normalise names, and the file is read anew.
          const problem = seen.check(part, record);
          if (problem) refuse(`Record ${number} of ${partFile(part)} in the archive cannot be imported: ${problem}.`);
          await writer.add(part, record);
          count += 1;
        }
        await writer.finish();
        if (options.owner && ownerId) await options.owner.admit(trx, manifest.community.id, ownerId);
      } finally {
        await entries.return(undefined);
      }
    });
  } catch (error) {
    if (error instanceof ArchiveRefused) throw error;
    if ((error as { code?: string }).code === "23505") refuse("Some of the archive's records are already on this server (an id or an address is taken); nothing was written.");
    throw error;
  }
  progress.done();
  return { ...verified, records: count };
}

