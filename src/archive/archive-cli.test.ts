/**
 * `hearth export` and `hearth import` as a host runs them: child processes on an embedded
 * database in a temporary HEARTH_DATA_DIR (made and migrated by the first command). The
 * archive comes from a test server; the CLI refuses a changed one with its sentence and
 * exit 1, imports the intact one, and exports it again signed with a key it keeps.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, signUp, startThread } from "../../test/helpers/factories.ts";
import { changePart, readArchive, writeArchive } from "../../test/helpers/archive-files.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SLOW = 180_000;
let source: TestApp;
let dir: string;
let archive: string;
let slug: string;

function hearth(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HEARTH_DATA_DIR: path.join(dir, "data"), HEARTH_DEMO: "0", LOG_LEVEL: "warn", HEARTH_PUBLIC_URL: "https://new-home.test" };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/bin/hearth.ts"), ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.end(input ?? "");
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  source = await createTestApp();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-archive-cli-"));
  const owner = await signUp(source);
  await source.request({ method: "PUT", url: "/api/v1/me/preferences", token: owner.token, payload: { travelWithForks: "yes" } });
  slug = (await createCommunity(source, owner)).slug;
  await startThread(source, owner, slug, "general", { title: "Moving house", body: "Our words, carried to a new home." });
  archive = path.join(dir, "moving.tar");
  await source.services.archive.export(slug, archive);
}, SLOW);
afterAll(async () => {
  await source?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("hearth export and hearth import", () => {
  it("say how they are used", async () => {
    const help = await hearth(["import", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: hearth import <file> [--slug <new-slug>] [--owner <username>]");
    const missing = await hearth(["export", slug]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Give one community and a file: hearth export <community-slug> --out <file>.");
  }, SLOW);

  it("refuse a changed archive with one sentence and exit 1, then import the intact one and export it again", async () => {
    const changed = path.join(dir, "changed.tar");
    await writeArchive(changed, changePart(await readArchive(archive), "posts.jsonl", (lines) => lines.map((l) => ({ ...l, body: "Words someone else wrote." }))));
    const refused = await hearth(["import", changed]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("posts.jsonl in the archive does not match the SHA-256 and size its signed manifest gives: the archive was changed after it was signed, or it is truncated.");
    expect(refused.stdout).not.toContain("Imported");

    const admin = await hearth(["create-admin", "host_admin"], "a long admin password\n");
    expect(admin.code, admin.stderr).toBe(0);
    const imported = await hearth(["import", archive, "--slug", "new-home", "--owner", "host_admin"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("host_admin owns it here.");
    const fingerprint = (await source.services.archive.signingKey()).fingerprint;
    expect(imported.stderr).toContain(`The archive is intact and signed by the key ${fingerprint} (http://hearth.test).`);
    expect(imported.stderr).toMatch(/^posts…$/m); // plain progress lines when not on a terminal
    expect(imported.stdout).toContain(`as new-home`);

    const out = path.join(dir, "again.tar");
    const exported = await hearth(["export", "new-home", "--out", out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Wrote the archive of new-home to ${out}`);
    const key = await fs.readFile(path.join(dir, "data", "archive-signing-key.pem"), "utf8");
    expect(key).toContain("BEGIN PRIVATE KEY");
    const parts = async (file: string) => JSON.parse((await readArchive(file))[0]!.body.toString()).parts;
    expect(await parts(out)).toEqual(await parts(archive));
  }, SLOW);
});
