/**
 * Writes a community's archive (docs/archive-format.md). Each part is read a keyset page
 * at a time and written to a file in a private temporary folder as it goes; the manifest
 * names every part's hash and is signed; then the tar is written to `<out>.partial` and
 * renamed, so a failed export leaves no archive that looks whole.
 *
 * What travels (ADR 44): a thread's title and a post's words, with their authors' personas,
 * only when the author's standing choice is "yes" — an archive asks no one, so "ask" and
 * "no" keep them home — and never what a moderator hid or its author deleted. What stays
 * home keeps its place as a record with `carried: false`, so the threads stay readable.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import type { Db } from "../db/connection.ts";
import type { TravelChoice } from "../forks/forks.service.ts";
import { refuse } from "./archive-error.ts";
import * as repo from "./archive.repo.ts";
import { FORMAT_VERSION, MANIFEST, PARTS, partFile, SIGNATURE, type ArchiveLineage, type Manifest, type PartName, type PartSummary } from "./format.ts";
import { PartWriter } from "./part-writer.ts";
import type { Progress } from "./progress.ts";
import { signManifest, type SigningKey } from "./signing.ts";

export type ExportDeps = { db: Db; publicUrl: string; key: SigningKey; travelChoicesOf: (accountIds: readonly string[]) => Promise<Map<string, TravelChoice>> };
export type ExportResult = { file: string; claimsFile: string | null; manifest: Manifest; claims: number };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const isoNow = (d: Date | string): string => new Date(d).toISOString();

/** The hash of a member's claim code for one persona: salted with the persona's id, so that two personas of one member share nothing in the archive. */
export function claimHash(code: string, personaId: string): string {
  return createHash("sha256").update(`${code}:${personaId}`).digest("hex");
}

/** Decides, per persona, whether its words travel; remembers each author once. */
class Consent {
  private readonly carries = new Map<string, boolean>();
  /** The personas whose words are in the archive: the only ones the personas part lists. */
  readonly carried = new Set<string>();
  constructor(private readonly deps: ExportDeps) {}

  async learn(personaIds: Iterable<string>): Promise<void> {
    const unknown = [...new Set(personaIds)].filter((id) => !this.carries.has(id));
    if (!unknown.length) return;
    const rows = await repo.personas(this.deps.db, unknown);
    const choices = await this.deps.travelChoicesOf([...new Set(rows.filter((r) => !r.portable).map((r) => r.account_id))]);
    // A portable persona no one has claimed came in an archive under its author's yes; that yes stands.
    for (const row of rows) this.carries.set(row.id, row.portable ? true : choices.get(row.account_id) === "yes");
  }

  carry(personaId: string): boolean {
    const yes = this.carries.get(personaId) === true;
    if (yes) this.carried.add(personaId);
    return yes;
  }
}

async function eachPage<T>(fetch: (after: string) => Promise<T[]>, key: (row: T) => string, handle: (rows: T[]) => Promise<void>): Promise<void> {
  let after = "";
  for (;;) {
    const rows = await fetch(after);
    if (!rows.length) return;
    await handle(rows);
    after = key(rows[rows.length - 1]!);
    if (rows.length < repo.PAGE) return;
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

export async function exportCommunity(deps: ExportDeps, slug: string, out: string, progress: Progress, claimsOut: string | null = `${out}.claims.jsonl`): Promise<ExportResult> {
  const { db } = deps;
  const community = await repo.communityBySlug(db, slug);
  if (!community) return refuse(`There is no community called "${slug}" on this server.`);
  const folder = path.dirname(path.resolve(out));
  try {
    await fs.promises.access(folder, fs.constants.W_OK);
  } catch {
    return refuse(`Hearth cannot write the archive to ${out}: the folder ${folder} is not there or not writable.`);
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "hearth-export-"));
  try {
    const writers = Object.fromEntries(PARTS.map((p) => [p, new PartWriter(p, path.join(dir, partFile(p)))])) as Record<PartName, PartWriter>;
    const consent = new Consent(deps);
    const carriedThreads = new Set<string>();

    progress.stage("community");
    await writers.community.write({ id: community.id, name: community.name, purpose: community.purpose, visibility: community.visibility, joinPolicy: community.join_policy, charter: community.charter, createdAt: isoNow(community.created_at) });
    await eachPage((after) => repo.charterRevisions(db, community.id, after), (r) => r.id, async (rows) => {
      for (const r of rows) await writers["charter-history"].write({ id: r.id, snapshot: r.snapshot, createdAt: isoNow(r.created_at) });
    });
    await eachPage((after) => repo.spaces(db, community.id, after), (r) => r.id, async (rows) => {
      for (const r of rows) await writers.spaces.write({ id: r.id, slug: r.slug, name: r.name, description: r.description, visibility: r.visibility, position: r.position, createdAt: isoNow(r.created_at) });
    });
    await eachPage((after) => repo.glossary(db, community.id, after), (r) => r.id, async (rows) => {
      for (const r of rows) await writers.glossary.write({ id: r.id, term: r.term, definition: r.definition, createdAt: isoNow(r.created_at) });
    });

    progress.stage("threads");
    await eachPage((after) => repo.threads(db, community.id, after), (r) => r.id, async (rows) => {
      await consent.learn(rows.map((r) => r.author_persona_id));
      const carried = rows.filter((r) => !r.hidden_at && !r.opening_deleted_at && consent.carry(r.author_persona_id));
      const titles = groupBy(await repo.titleRevisions(db, carried.map((r) => r.id)), (r) => r.thread_id);
      const keep = new Set(carried.map((r) => r.id));
      for (const r of rows) {
        const common = { id: r.id, spaceId: r.space_id };
        const times = { replyCount: r.reply_count, createdAt: isoNow(r.created_at), lastPostedAt: isoNow(r.last_posted_at) };
        if (!keep.has(r.id)) {
          await writers.threads.write({ ...common, carried: false, ...times });
          continue;
        }
        carriedThreads.add(r.id);
        const titleHistory = (titles.get(r.id) ?? []).map((t) => ({ title: t.title, createdAt: isoNow(t.created_at) }));
        await writers.threads.write({ ...common, carried: true, authorPersonaId: r.author_persona_id, title: r.title, language: r.language, contentWarnings: r.content_warnings, ...times, titleHistory });
      }
      progress.advance(rows.length);
    });

    progress.stage("posts");
    await eachPage((after) => repo.posts(db, community.id, after), (r) => r.id, async (rows) => {
      await consent.learn(rows.map((r) => r.author_persona_id));
      const carried = rows.filter((r) => !r.deleted_at && !r.hidden_at && !r.thread_hidden_at && consent.carry(r.author_persona_id));
      const history = groupBy(await repo.postRevisions(db, carried.map((r) => r.id)), (r) => r.post_id);
      const keep = new Set(carried.map((r) => r.id));
      for (const r of rows) {
        if (!keep.has(r.id)) {
          await writers.posts.write({ id: r.id, threadId: r.thread_id, carried: false, createdAt: isoNow(r.created_at) });
          continue;
        }
        await writers.posts.write({
          id: r.id,
          threadId: r.thread_id,
          carried: true,
          authorPersonaId: r.author_persona_id,
          body: r.body,
          language: r.language,
          createdAt: isoNow(r.created_at),
          editedAt: iso(r.edited_at),
          history: (history.get(r.id) ?? []).map((h) => ({ body: h.body, createdAt: isoNow(h.created_at) })),
        });
      }
      progress.advance(rows.length);
    });

    progress.stage("reactions");
    await eachPage((after) => repo.reactionCounts(db, community.id, after), (r) => r.post_id, async (rows) => {
      for (const [postId, kinds] of groupBy(rows, (r) => r.post_id)) {
        await writers.reactions.write({ postId, counts: Object.fromEntries(kinds.map((k) => [k.kind, k.count])) });
      }
    });

    progress.stage("polls");
    await eachPage((after) => repo.polls(db, community.id, after), (r) => r.id, async (rows) => {
      const votes = groupBy(await repo.pollVotes(db, rows.map((r) => r.id)), (v) => v.poll_id);
      for (const r of rows.filter((p) => carriedThreads.has(p.thread_id))) {
        const counts = r.options.map((_, i) => (r.archived_counts?.[i] ?? 0) + (votes.get(r.id) ?? []).filter((v) => v.choices.includes(i)).length);
        const voters = (r.archived_voters ?? 0) + (votes.get(r.id)?.length ?? 0);
        await writers.polls.write({ id: r.id, threadId: r.thread_id, question: r.question, options: r.options, multiple: r.multiple, resultsShown: r.results_shown, closesAt: iso(r.closes_at), createdAt: isoNow(r.created_at), counts, voters });
      }
    });

    progress.stage("personas");
    const claims = await writePersonas(deps, community.id, [...consent.carried].sort(), writers.personas);

    const parts: PartSummary[] = [];
    for (const part of PARTS) parts.push(await writers[part].finish());
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      sourceServer: deps.publicUrl,
      community: { id: community.id, slug: community.slug, name: community.name },
      lineage: await lineageFor(deps, community.id),
      signingKey: { publicKey: deps.key.publicKey, fingerprint: deps.key.fingerprint },
      parts,
    };
    progress.stage("writing the archive");
    await writeTar(out, dir, manifest, deps.key);
    if (claimsOut) await writeClaims(claimsOut, claims);
    progress.done();
    return { file: out, claimsFile: claimsOut, manifest, claims: claims.length };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** At most this many earlier homes travel: the first (where it began) and the newest. */
const MOVES_KEPT = 100;

/**
 * Where the community came from (ADR 46): the parent it was forked from — here, unless it is
 * hidden (its name is not for everyone), or on the server an earlier archive named — and the
 * servers it lived on before this one.
 */
async function lineageFor(deps: ExportDeps, communityId: string): Promise<ArchiveLineage> {
  const { fork, moved } = await repo.lineageOf(deps.db, communityId);
  const when = fork ? { forkedAt: isoNow(fork.forked_at), carriedThrough: iso(fork.carried_through ?? null) } : null;
  let forkedFrom: ArchiveLineage["forkedFrom"] = null;
  if (fork && when && fork.parent_server && fork.parent_name && fork.parent_slug) forkedFrom = { name: fork.parent_name, slug: fork.parent_slug, server: fork.parent_server, ...when };
  else if (fork && when && fork.local_name && fork.local_slug && fork.local_visibility !== "hidden") forkedFrom = { name: fork.local_name, slug: fork.local_slug, server: deps.publicUrl, ...when };
  const movedFrom = moved ? [...moved.moved_from, ...(moved.source_slug ? [{ server: moved.source_server, slug: moved.source_slug, exportedAt: isoNow(moved.exported_at) }] : [])] : [];
  return { forkedFrom, movedFrom: movedFrom.length > MOVES_KEPT ? [movedFrom[0]!, ...movedFrom.slice(-(MOVES_KEPT - 1))] : movedFrom };
}

type Claim = { username: string; email: string | null; code: string; personas: number };

/** The carried personas, a page at a time; one claim code per member behind them (never written into the archive). */
async function writePersonas(deps: ExportDeps, communityId: string, ids: string[], writer: PartWriter): Promise<Claim[]> {
  const codes = new Map<string, { code: string; personas: number }>();
  for (let i = 0; i < ids.length; i += repo.PAGE) {
    const page = await repo.personas(deps.db, ids.slice(i, i + repo.PAGE));
    const owners = await repo.ownersAmong(deps.db, communityId, [...new Set(page.filter((p) => !p.portable && p.kind === "personal").map((p) => p.account_id))]);
    for (const p of page) {
      let claim = p.claim_code_sha256;
      if (!p.portable) {
        const member = codes.get(p.account_id) ?? { code: randomBytes(15).toString("base64url"), personas: 0 };
        member.personas += 1;
        codes.set(p.account_id, member);
        claim = claimHash(member.code, p.id);
      }
      const verified = p.kind !== "personal" && p.verified_until !== null && new Date(p.verified_until) > new Date();
      const badge = p.portable ? p.badge : verified ? `verified clinician${p.specialty ? `: ${p.specialty}` : ""}` : null;
      // Only a personal persona is ever marked an owner's: an anonymous one says nothing of its account.
      const owner = p.kind === "personal" && (p.portable ? p.owner === true : owners.has(p.account_id));
      await writer.write({ id: p.id, displayName: p.display_name, kind: p.kind, isCarer: p.is_carer, specialty: p.specialty, capacity: p.capacity, badge, claim, createdAt: isoNow(p.created_at), ...(owner ? { owner: true } : {}) });
    }
  }
  const accounts = await repo.accountsForClaims(deps.db, [...codes.keys()]);
  return accounts.map((a) => ({ username: a.username, email: a.email, code: codes.get(a.id)!.code, personas: codes.get(a.id)!.personas }));
}

async function writeTar(out: string, dir: string, manifest: Manifest, key: SigningKey): Promise<void> {
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
  const signature = Buffer.from(`${signManifest(key, manifestBytes).toString("base64")}\n`, "utf8");
  const partial = `${out}.partial`;
  const pack = tar.pack();
  const written = pipeline(pack, fs.createWriteStream(partial, { mode: 0o600 }));
  const mtime = new Date(manifest.exportedAt);
  pack.entry({ name: MANIFEST, size: manifestBytes.length, mtime, mode: 0o644 }, manifestBytes);
  pack.entry({ name: SIGNATURE, size: signature.length, mtime, mode: 0o644 }, signature);
  for (const part of manifest.parts) {
    const entry = pack.entry({ name: part.name, size: part.bytes, mtime, mode: 0o644 });
    await pipeline(fs.createReadStream(path.join(dir, part.name)), entry);
  }
  pack.finalize();
  try {
    await written;
    await fs.promises.rename(partial, out);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}

async function writeClaims(file: string, claims: Claim[]): Promise<void> {
  const lines = claims.map((c) => JSON.stringify(c)).join("\n");
  await fs.promises.writeFile(file, lines ? `${lines}\n` : "", { mode: 0o600 });
}
