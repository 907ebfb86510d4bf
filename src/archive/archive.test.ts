/**
 * Portable archives end to end on two real servers (ADR 44): what travels and what never
 * does, the signature and hashes, the round trip, and every archive the importer refuses
 * with one sentence and nothing written.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { changePart, rawHeader, readArchive, resign, writeArchive, type Entries } from "../../test/helpers/archive-files.ts";
import { ArchiveRefused } from "./archive.service.ts";

let source: TestApp;
let target: TestApp;
let dir: string;
let archive: string;
let slug: string;
let ana: Member; // travels: yes
let ben: Member; // ask
let cai: Member; // no
let thread: { id: string; postId: string };
const PLANTED = { email: "ana.hidden@example.org", registration: "GMC7391046", checkin: "slept-badly-planted-note", anaWords: "Pursed-lip breathing helps me on the stairs.", benWords: "Ben's words stay home.", caiWords: "Cai says no." };

const setTravel = (m: Member, choice: string) => source.request({ method: "PUT", url: "/api/v1/me/preferences", token: m.token, payload: { travelWithForks: choice } });
const count = async (t: TestApp, table: "communities" | "accounts" | "posts" | "personas") => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  [source, target] = [await createTestApp(), await createTestApp({ env: { HEARTH_PUBLIC_URL: "http://second.test" } })];
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-archive-test-"));
  ana = await signUp(source, { email: PLANTED.email });
  ben = await signUp(source);
  cai = await signUp(source);
  await setTravel(ana, "yes");
  await setTravel(cai, "no");
  const community = await createCommunity(source, ana);
  slug = community.slug;
  await join(source, ben, slug);
  await join(source, cai, slug);
  thread = await startThread(source, ana, slug, "general", { title: "Stairs and breath", body: PLANTED.anaWords });
  await reply(source, ben, thread.id, PLANTED.benWords);
  await reply(source, cai, thread.id, PLANTED.caiWords);
  await startThread(source, ben, slug, "general", { title: "Ben's own thread", body: "Asked, never answered." });
  const db = source.database.db;
  await db.insertInto("reactions").values({ community_id: community.id, post_id: thread.postId, persona_id: ben.personaId, kind: "thanks" }).execute();
  await db.insertInto("post_revisions").values({ id: "rev0000000000001", community_id: community.id, post_id: thread.postId, body: "An earlier draft.", created_at: new Date("2026-01-01T00:00:00Z") }).execute();
  // What must never travel, planted where an archive might pick it up.
  await db.insertInto("checkins").values({ id: "chk0000000000001", community_id: community.id, account_id: ana.id, day: "2026-12-01", answers: JSON.stringify({ note: { value: PLANTED.checkin } }) as never }).execute();
  await db
    .insertInto("clinician_verifications")
    .values({ id: "ver0000000000001", account_id: ana.id, profession: "Doctor", register: "GMC", registration_number: PLANTED.registration, specialty: "Respiratory", evidence: "scan.pdf" })
    .execute();
  archive = path.join(dir, "community.tar");
  await source.services.archive.export(slug, archive);
}, 120_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("a community's archive", () => {
  it("carries the words of authors whose standing choice is yes, and never the private data around them", async () => {
    const bytes = await fs.readFile(archive);
    const has = (s: string) => bytes.includes(Buffer.from(s, "utf8"));
    expect(has(PLANTED.anaWords)).toBe(true); // proves the search can find what is there
    expect(has("Stairs and breath")).toBe(true);
    expect(has(ana.displayName)).toBe(true);
    for (const never of [PLANTED.email, ana.username, ben.username, cai.username, ana.id, ben.id, cai.id, PLANTED.registration, PLANTED.checkin, "scan.pdf", ana.password]) {
      expect(has(never), never).toBe(false);
    }
    // "ask" and "no" stay home: an archive asks no one.
    for (const home of [PLANTED.benWords, PLANTED.caiWords, "Ben's own thread", ben.displayName, cai.displayName]) expect(has(home), home).toBe(false);
    const entries = await readArchive(archive);
    expect(entries.map((e) => e.name)).toEqual(["manifest.json", "manifest.sig", "community.jsonl", "charter-history.jsonl", "spaces.jsonl", "glossary.jsonl", "personas.jsonl", "threads.jsonl", "posts.jsonl", "reactions.jsonl", "polls.jsonl"]);
    const posts = entries.find((e) => e.name === "posts.jsonl")!.body.toString().trim().split("\n").map((l) => JSON.parse(l));
    expect(posts.filter((p) => p.carried)).toHaveLength(1);
    expect(posts.filter((p) => !p.carried).every((p) => !("body" in p) && !("authorPersonaId" in p))).toBe(true);
    expect(posts.find((p) => p.carried).history).toEqual([{ body: "An earlier draft.", createdAt: "2026-01-01T00:00:00.000Z" }]);
    const manifest = JSON.parse(entries[0]!.body.toString());
    expect(manifest).toMatchObject({ formatVersion: 1, sourceServer: "http://hearth.test", community: { slug } });
    expect(manifest.parts.find((p: { name: string }) => p.name === "posts.jsonl").records).toBe(4);
  });

  it("writes one claim code per member whose words travel, beside the archive and never inside it", async () => {
    const claims = (await fs.readFile(`${archive}.claims.jsonl`, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(claims).toEqual([{ username: ana.username, email: PLANTED.email, code: expect.any(String), personas: 1 }]);
    expect((await fs.readFile(archive)).includes(Buffer.from(claims[0].code))).toBe(false);
  });

  it("imports into a second server as portable personas, and exports again to the same parts", async () => {
    const before = await count(target, "accounts");
    let fingerprint = "";
    const result = await target.services.archive.import(archive, { onVerified: (v) => (fingerprint = v.fingerprint) });
    expect(fingerprint).toBe((await source.services.archive.signingKey()).fingerprint);
    expect(result.slug).toBe(slug);
    const page = await target.request({ method: "GET", url: `/api/v1/threads/${thread.id}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain(PLANTED.anaWords);
    expect(page.body).toContain(ana.displayName);
    expect(page.body).not.toContain(PLANTED.benWords);
    // The pages read as they did: the thread with its words, the community with its thread.
    const html = await target.request({ method: "GET", url: `/t/${thread.id}` });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain("Pursed-lip breathing helps me on the stairs.");
    const home = await target.request({ method: "GET", url: `/c/${slug}` });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("Stairs and breath");
    // The persona is held by a closed placeholder, not by anyone's account here.
    const holder = await target.database.db.selectFrom("personas as p").innerJoin("accounts as a", "a.id", "p.account_id").select(["a.email", "a.status", "a.username"]).where("p.id", "=", ana.personaId).executeTakeFirstOrThrow();
    expect(holder).toMatchObject({ email: null, status: "deleted" });
    expect(holder.username).not.toBe(ana.username);
    // No one can sign in as the placeholder, whatever they try.
    for (const password of ["!", "", "correct horse battery staple"]) {
      const signIn = await target.request({ method: "POST", url: "/api/v1/sessions", payload: { username: holder.username, password } });
      expect([400, 401]).toContain(signIn.statusCode);
    }
    expect(await count(target, "accounts")).toBeGreaterThan(before);

    const again = path.join(dir, "again.tar");
    await target.services.archive.export(slug, again);
    const parts = async (file: string) => JSON.parse((await readArchive(file))[0]!.body.toString()).parts;
    expect(await parts(again)).toEqual(await parts(archive));
  });

  it("asks for --slug when the address is taken, and refuses the same community twice", async () => {
    await expect(target.services.archive.import(archive)).rejects.toThrow(/already on this server; choose another address for this one with --slug/);
    await expect(target.services.archive.import(archive, { slug: "another-home" })).rejects.toThrow(/This archive's community is already on this server, at "/);
  });
});

describe("archives the importer refuses, writing nothing", () => {
  let original: Entries;
  let fresh: TestApp; // a server that has never seen the community, so each refusal is the archive's own
  beforeAll(async () => {
    original = await readArchive(archive);
    fresh = await createTestApp();
  });
  afterAll(async () => fresh?.close());

  const tries: [string, (e: Entries) => Entries | Buffer, RegExp][] = [
    ["a part changed after signing", (e) => changePart(e, "posts.jsonl", (lines) => lines.map((l) => (l.carried ? { ...l, body: "Changed." } : l))), /posts\.jsonl in the archive does not match the SHA-256/],
    ["a manifest changed after signing", (e) => e.map((x) => (x.name === "manifest.json" ? { ...x, body: Buffer.from(x.body.toString().replace("http://hearth.test", "http://evil.test")) } : x)), /signature does not match its manifest/],
    ["no signature", (e) => e.filter((x) => x.name !== "manifest.sig"), /has no signature|holds community\.jsonl where manifest\.sig should be/],
    ["a signature of garbage", (e) => e.map((x) => (x.name === "manifest.sig" ? { ...x, body: Buffer.from("bm90IGEgc2lnbmF0dXJl\n") } : x)), /signature does not match/],
    ["an unknown format version", (e) => resign(e, (m) => (m.formatVersion = 2)), /format version 2; this Hearth reads format version 1 only/],
    ["duplicate ids", (e) => resign(changePart(e, "posts.jsonl", (lines) => [...lines, lines[0]!])), /same id/],
    ["a record failing its schema", (e) => resign(changePart(e, "posts.jsonl", (lines) => lines.map((l) => ({ ...l, accountId: "x" })))), /does not match the posts schema/],
    ["text that may not enter Hearth", (e) => resign(changePart(e, "posts.jsonl", (lines) => lines.map((l) => (l.carried ? { ...l, body: "bad\u0000" } : l)))), /body: /],
    ["a reply to a thread not in the archive", (e) => resign(changePart(e, "posts.jsonl", (lines) => lines.map((l) => ({ ...l, threadId: "nothere000000000" })))), /not in the archive before it/],
    ["a lineage naming a server that is not a web address", (e) => resign(e, (m) => (m.lineage = { forkedFrom: { name: "Elsewhere", slug: "elsewhere", server: "javascript:alert(1)", forkedAt: m.exportedAt, carriedThrough: null }, movedFrom: [] })), /manifest\.json is not one Hearth can read/],
    ["a lineage with text that may not enter Hearth", (e) => resign(e, (m) => (m.lineage = { forkedFrom: { name: "Else\u0007where", slug: "elsewhere", server: "https://old.test", forkedAt: m.exportedAt, carriedThrough: null }, movedFrom: [] })), /its lineage's forkedFrom\.name: /],
    ["a path leading outside", (e) => [...e.slice(0, 2), { name: "../escape.jsonl", body: Buffer.from("{}\n") }, ...e.slice(2)], /leads outside it/],
    ["a file that is not part of the format", (e) => [...e, { name: "extra.sh", body: Buffer.from("echo hi\n") }], /not part of the archive format/],
  ];

  for (const [what, change, sentence] of tries) {
    it(`refuses ${what}`, async () => {
      const file = path.join(dir, `bad-${what.replace(/\W+/g, "-")}.tar`);
      const changed = change(original);
      if (Buffer.isBuffer(changed)) await fs.writeFile(file, changed);
      else await writeArchive(file, changed);
      const before = { communities: await count(fresh, "communities"), accounts: await count(fresh, "accounts"), posts: await count(fresh, "posts") };
      const refused = await fresh.services.archive.import(file, { slug: "tampered-home" }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ArchiveRefused);
      expect((refused as Error).message).toMatch(sentence);
      expect((refused as Error).message.split(/(?<=\.) /).length).toBeLessThanOrEqual(2);
      expect({ communities: await count(fresh, "communities"), accounts: await count(fresh, "accounts"), posts: await count(fresh, "posts") }).toEqual(before);
    });
  }

  it("refuses a truncated archive", async () => {
    const bytes = await fs.readFile(archive);
    const file = path.join(dir, "truncated.tar");
    await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(fresh.services.archive.import(file, { slug: "cut-short" })).rejects.toThrow(/truncated/);
    expect(await fresh.database.db.selectFrom("communities").select("id").where("slug", "=", "cut-short").executeTakeFirst()).toBeUndefined();
  });

  it("refuses a tar bomb: an entry claiming more bytes than an archive may hold", async () => {
    const file = path.join(dir, "bomb.tar");
    const head = (await fs.readFile(archive)).subarray(0, 0);
    const manifest = original[0]!;
    const real = path.join(dir, "bomb-start.tar");
    await writeArchive(real, original.slice(0, 2));
    const start = await fs.readFile(real);
    // The manifest and signature, then a header claiming 5 GB of posts with no end blocks.
    await fs.writeFile(file, Buffer.concat([head, start.subarray(0, start.length - 1024), rawHeader("community.jsonl", 5 * 1024 ** 3), Buffer.alloc(4096)]));
    expect(manifest.name).toBe("manifest.json");
    await expect(fresh.services.archive.import(file, { slug: "bomb-home" })).rejects.toThrow(/community\.jsonl in the archive is 5368709120 bytes, more than the \d+ an archive may hold there/);
  });

  it("refuses a compressed archive, a folder, and an export to a folder that is not there", async () => {
    const zipped = path.join(dir, "zipped.tar.gz");
    await fs.writeFile(zipped, (await import("node:zlib")).gzipSync(await fs.readFile(archive)));
    await expect(fresh.services.archive.import(zipped)).rejects.toThrow("The archive is compressed with gzip; decompress it first (gunzip) and import the .tar file.");
    await expect(fresh.services.archive.import(dir)).rejects.toThrow(/Hearth cannot read the archive at .*: it is not a file|Hearth cannot read the archive at/);
    await expect(source.services.archive.export(slug, path.join(dir, "no", "such", "folder.tar"))).rejects.toThrow(/Hearth cannot write the archive to .*: the folder .* is not there or not writable\./);
  });

  it("refuses a file that is not there or not a tar", async () => {
    await expect(fresh.services.archive.import(path.join(dir, "nothing.tar"))).rejects.toThrow(/There is no archive at/);
    const file = path.join(dir, "not.tar");
    await fs.writeFile(file, "just some text\n".repeat(100));
    await expect(fresh.services.archive.import(file)).rejects.toBeInstanceOf(ArchiveRefused);
  });
});
