/**
 * The admin import page (ADR 46) as a browser without JavaScript uses it: a multipart form
 * with the file. An administrator's intact archive is imported, with whose key it was; a
 * changed one is refused with `hearth import`'s sentence and nothing written; anyone but an
 * administrator is refused before the upload is read, and a forged form is refused too.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { newBrowser, type Browser } from "../../test/helpers/browser-form.ts";
import { changePart, readArchive, writeArchive } from "../../test/helpers/archive-files.ts";

let source: TestApp;
let target: TestApp;
let dir: string;
let archive: string;
let slug: string;
let admin: Member;

const communities = async () => Number((await target.database.db.selectFrom("communities").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

/** A multipart body as a browser sends it: the text fields, then the file. */
function multipart(fields: Record<string, string>, file: Buffer | null): { body: Buffer; type: string } {
  const boundary = `----hearth${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="archive"; filename="community.tar"\r\ncontent-type: application/x-tar\r\n\r\n`), file, Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(browser: Browser, file: Buffer | null, fields: Record<string, string> = {}, csrf = true) {
  if (csrf) await browser.get("/admin/import");
  const token = browser.csrfToken();
  const { body, type } = multipart({ ...(csrf && token ? { _csrf: token } : {}), ...fields }, file);
  const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  return target.app.inject({ method: "POST", url: "/admin/import", payload: body, headers: { "content-type": type, origin: "http://hearth.test", "sec-fetch-site": "same-origin", ...(cookie ? { cookie } : {}) } });
}

beforeAll(async () => {
  source = await createTestApp({ env: { HEARTH_PUBLIC_URL: "https://old-home.test" } });
  target = await createTestApp();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-import-page-"));
  const owner = await signUp(source);
  await source.request({ method: "PUT", url: "/api/v1/me/preferences", token: owner.token, payload: { travelWithForks: "yes" } });
  slug = (await createCommunity(source, owner)).slug;
  await startThread(source, owner, slug, "general", { title: "Uploaded", body: "Words that came by the admin pages." });
  archive = path.join(dir, "community.tar");
  await source.services.archive.export(slug, archive);
  admin = await signedInAdmin(target);
}, 120_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("importing an archive from the admin pages", () => {
  it("is refused to members (before the upload is read) and sends guests to sign in", async () => {
    const member = await signUp(target);
    const before = await communities();
    const refused = await upload(await newBrowser(target, member), await fs.readFile(archive));
    expect(refused.statusCode).toBe(403);
    expect((await (await newBrowser(target, member)).get("/admin/import")).statusCode).toBe(403);
    expect((await (await newBrowser(target)).get("/admin/import")).statusCode).toBe(303);
    expect(await communities()).toBe(before);
  });

  it("refuses a form without its token, and a form without a file", async () => {
    const browser = await newBrowser(target, admin);
    const forged = await upload(browser, await fs.readFile(archive), {}, false);
    expect(forged.statusCode).toBe(403);
    // A body that breaks off half-way is the sender's fault.
    await browser.get("/admin/import");
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
    const cut = multipart({ _csrf: browser.csrfToken()! }, await fs.readFile(archive));
    const broken = await target.app.inject({ method: "POST", url: "/admin/import", payload: cut.body.subarray(0, 2000), headers: { "content-type": cut.type, origin: "http://hearth.test", "sec-fetch-site": "same-origin", cookie } });
    expect(broken.statusCode).toBe(400);
    const empty = await upload(browser, null);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("choose the archive file to import");
  });

  it("refuses a changed archive with hearth import's sentence, writing nothing", async () => {
    const changed = path.join(dir, "changed.tar");
    await writeArchive(changed, changePart(await readArchive(archive), "posts.jsonl", (lines) => lines.map((l) => ({ ...l, body: "Words someone else wrote." }))));
    const before = await communities();
    const refused = await upload(await newBrowser(target, admin), await fs.readFile(changed));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("The archive was refused and nothing was written.");
    expect(refused.body).toContain("posts.jsonl in the archive does not match the SHA-256 and size its signed manifest gives");
    expect(await communities()).toBe(before);
  });

  it("imports an intact archive with the checks of hearth import, saying whose key signed it, and leaves no upload behind", async () => {
    const browser = await newBrowser(target, admin);
    const uploads = async () => (await fs.readdir(os.tmpdir())).filter((n) => n.startsWith("hearth-upload-")).length;
    const left = await uploads();
    const done = await upload(browser, await fs.readFile(archive), { slug: "came-by-upload", owner: admin.username });
    expect(done.statusCode, done.body).toBe(303);
    const fingerprint = (await source.services.archive.signingKey()).fingerprint;
    expect(done.headers.location).toBe(`/admin/import?imported=came-by-upload&key=${fingerprint}`);
    const page = await browser.get(done.headers.location as string);
    expect(page.body).toContain('href="/admin/import"'); // in the administration menu
    expect(page.body).toContain(fingerprint);
    expect(page.body).toContain('href="/c/came-by-upload"');
    const home = await browser.get("/c/came-by-upload");
    expect(home.body).toContain("Uploaded");
    expect(home.body).toContain("Moved here from https://old-home.test");
    expect((await target.request({ method: "GET", url: "/api/v1/communities/came-by-upload", token: admin.token })).json().can).toMatchObject({ manage: true });
    expect(await uploads()).toBeLessThanOrEqual(left);
    // The same archive again: the same sentence as the CLI's.
    const again = await upload(browser, await fs.readFile(archive), { slug: "second-try" });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain("This archive's community is already on this server, at &quot;came-by-upload&quot;");
  });
});
