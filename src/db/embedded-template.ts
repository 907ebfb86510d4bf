/**
 * A migrated, empty embedded database kept as a dump, so a new install's first start
 * copies it instead of running PGlite's initdb and every migration (8–14 s of the first
 * start on a 2-core machine). `npm install` writes it (scripts/build-embedded-template.ts).
 * It is named by a hash of what shapes it — the migrations, PGlite and pg-boss — so a
 * dump left by older code is never used: without a matching dump, start-up creates the
 * database the slow way, and the result is the same.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MIGRATIONS_DIR } from "./migrator.ts";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "hearth");
const SHAPING_PACKAGES = ["@electric-sql/pglite", "pg-boss"];

// Read from node_modules directly: some packages' exports hide their package.json from require.
function packageVersion(name: string): string {
  const file = path.join(PROJECT_ROOT, "node_modules", name, "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** Where the dump for the code as it is now lives (whether or not it exists yet). */
export function embeddedTemplatePath(migrationsDir: string = MIGRATIONS_DIR): string {
  const hash = createHash("sha256");
  for (const name of SHAPING_PACKAGES) hash.update(`${name}@${packageVersion(name)}\n`);
  for (const file of fs.readdirSync(migrationsDir).filter((f) => f.endsWith(".sql")).sort()) {
    hash.update(`${file}\n`).update(fs.readFileSync(path.join(migrationsDir, file))).update("\n");
  }
  return path.join(CACHE_DIR, `embedded-${hash.digest("hex").slice(0, 16)}.tar`);
}

/** The dump for the code as it is now, or undefined when there is none (or it cannot be read). */
export function readEmbeddedTemplate(): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(embeddedTemplatePath())]);
  } catch {
    return undefined;
  }
}

/** Writes a dump atomically (a half-written file is never picked up) and removes older ones. */
export function writeEmbeddedTemplate(dump: Uint8Array, target: string = embeddedTemplatePath()): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  fs.writeFileSync(partial, dump);
  fs.renameSync(partial, target);
  for (const file of fs.readdirSync(path.dirname(target))) {
    if (/^embedded-[0-9a-f]+\.tar$/.test(file) && path.join(path.dirname(target), file) !== target) {
      fs.rmSync(path.join(path.dirname(target), file), { force: true });
    }
  }
}
