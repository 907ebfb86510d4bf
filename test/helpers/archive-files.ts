/**
 * Reads a small archive into memory and writes a changed copy of it, for the tests of
 * what the importer refuses: a part changed, the manifest changed (re-signed or not),
 * an entry dropped, added or renamed, a raw header claiming a huge size.
 */
import { createHash, generateKeyPairSync, sign, createPublicKey, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import tar from "tar-stream";

export type Entries = { name: string; body: Buffer }[];

export async function readArchive(file: string): Promise<Entries> {
  const extract = tar.extract();
  const entries: Entries = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ name: entry.header.name, body: Buffer.concat(chunks) });
    }
  })();
  extract.end(await fs.readFile(file));
  await done;
  return entries;
}

export async function writeArchive(file: string, entries: Entries): Promise<void> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  await fs.writeFile(file, Buffer.concat(chunks));
}

const otherKey = generateKeyPairSync("ed25519").privateKey;

/** Recomputes the manifest's part hashes and sizes and signs it anew with `key` (another server's, by default). */
export function resign(entries: Entries, change: (manifest: Record<string, any>) => void = () => {}, key: KeyObject = otherKey): Entries {
  const manifest = JSON.parse(entries.find((e) => e.name === "manifest.json")!.body.toString("utf8"));
  for (const part of manifest.parts) {
    const body = entries.find((e) => e.name === part.name)?.body ?? Buffer.alloc(0);
    part.sha256 = createHash("sha256").update(body).digest("hex");
    part.bytes = body.length;
    part.records = body.toString("utf8").split("\n").filter(Boolean).length;
  }
  const der = createPublicKey(key).export({ type: "spki", format: "der" });
  manifest.signingKey = { publicKey: der.toString("base64"), fingerprint: createHash("sha256").update(der).digest("hex") };
  change(manifest);
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + "\n");
  const signature = Buffer.from(sign(null, bytes, key).toString("base64") + "\n");
  return entries.map((e) => (e.name === "manifest.json" ? { ...e, body: bytes } : e.name === "manifest.sig" ? { ...e, body: signature } : e));
}

export function changePart(entries: Entries, name: string, change: (lines: Record<string, any>[]) => Record<string, any>[]): Entries {
  return entries.map((e) => {
    if (e.name !== name) return e;
    const lines = e.body.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const changed = change(lines);
    return { ...e, body: Buffer.from(changed.map((l) => JSON.stringify(l) + "\n").join("")) };
  });
}

/** A ustar header (512 bytes) for a file entry, saying whatever size we like. */
export function rawHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512, 0);
  header.write(name, 0, 100, "utf8");
  header.write("0000644\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(size.toString(8).padStart(11, "0") + "\0", 124);
  header.write("00000000000\0", 136);
  header.write("        ", 148);
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return header;
}
