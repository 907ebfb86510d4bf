/**
 * Run by `npm install` (postinstall): writes the migrated, empty embedded database that a
 * new install's first `npm start` copies (src/db/embedded-template.ts). It never fails the
 * install: without the dump, start-up creates the database itself, only more slowly.
 */
import fs from "node:fs";
import { openDatabase } from "../src/db/connection.ts";
import { embeddedTemplatePath, writeEmbeddedTemplate } from "../src/db/embedded-template.ts";
import { migrateAll } from "../src/runtime.ts";

try {
  const target = embeddedTemplatePath();
  if (!fs.existsSync(target)) {
    const handle = await openDatabase({ kind: "pglite-memory" });
    try {
      await migrateAll(handle);
      const dump = await handle.pglite!.dumpDataDir("none");
      writeEmbeddedTemplate(new Uint8Array(await dump.arrayBuffer()), target);
    } finally {
      await handle.close();
    }
  }
} catch (error) {
  process.stderr.write(`hearth: could not prepare the embedded database template (${String(error)}); the first start will create it instead.\n`);
}
