/**
 * Reads an archive's tar as a stream, entry by entry, refusing what an archive never
 * holds before it reads it: a path that is not one of the format's file names (so
 * nothing like ../x or /etc/x), anything but a plain file, more entries or bigger ones
 * than LIMITS allow (a tar bomb), and a file that ends early. Nothing is extracted to disk.
 */
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";
import tar from "tar-stream";
import secureJson from "secure-json-parse";
import { refuse } from "./archive-error.ts";
import { LIMITS, MANIFEST, PARTS, partFile, SIGNATURE } from "./format.ts";

const EXPECTED = new Set<string>([MANIFEST, SIGNATURE, ...PARTS.map(partFile)]);

export type Entry = { name: string; size: number; stream: AsyncIterable<Buffer> };

function checkHeader(name: string, type: string | null | undefined, size: number, seen: number, total: number) {
  if (name.startsWith("/") || name.split(/[\\/]/).includes("..")) refuse(`The archive holds a path that leads outside it (${JSON.stringify(name.slice(0, 80))}); Hearth reads no such archive.`);
  if (type !== "file") refuse(`The archive holds ${JSON.stringify(name.slice(0, 80))} as a ${type ?? "strange"} entry; an archive holds plain files only.`);
  if (!EXPECTED.has(name)) refuse(`The archive holds ${JSON.stringify(name.slice(0, 80))}, which is not part of the archive format.`);
  if (seen > LIMITS.entries) refuse(`The archive holds more than ${LIMITS.entries} files; it is not a Hearth archive.`);
  const cap = name === MANIFEST ? LIMITS.manifestBytes : name === SIGNATURE ? LIMITS.signatureBytes : LIMITS.partBytes;
  if (size > cap) refuse(`${name} in the archive is ${size} bytes, more than the ${cap} an archive may hold there.`);
  if (total > LIMITS.totalBytes) refuse(`The archive's files add up to more than the ${LIMITS.totalBytes} bytes an archive may hold.`);
}

/** The archive's entries in order; each entry's stream must be read (or left) before the next comes. */
export async function* readEntries(file: string): AsyncGenerator<Entry> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch {
    return refuse(`There is no archive at ${file} that Hearth can read.`);
  }
  const handle = await fs.promises.open(file, "r").catch(() => null);
  const start = Buffer.alloc(2);
  const read = handle ? await handle.read(start, 0, 2, 0).catch(() => null) : null;
  await handle?.close();
  if (!read) return refuse(`Hearth cannot read the archive at ${file}: it is not a file.`);
  if (start[0] === 0x1f && start[1] === 0x8b) return refuse("The archive is compressed with gzip; decompress it first (gunzip) and import the .tar file.");
  const input = fs.createReadStream(file);
  const extract = tar.extract();
  let unreadable: Error | null = null;
  input.on("error", (error) => {
    unreadable = error;
    extract.destroy(error);
  });
  input.pipe(extract);
  let seen = 0;
  let total = 0;
  try {
    for await (const entry of extract) {
      seen += 1;
      total += entry.header.size ?? 0;
      const { name, type, size = 0 } = entry.header;
      checkHeader(name, type, size, seen, total);
      yield { name, size, stream: entry as AsyncIterable<Buffer> };
      entry.resume();
    }
  } catch (error) {
    if (unreadable) refuse(`Hearth cannot read the archive at ${file}: ${(unreadable as Error).message}.`);
    if (error instanceof Error && /unexpected end|truncated|invalid tar header|size mismatch/i.test(error.message)) {
      refuse("The archive ends before its last file does: it is truncated, or not a tar file.");
    }
    throw error;
  } finally {
    input.destroy();
    extract.destroy();
  }
}

/** A small entry read whole (the manifest, the signature), never past its cap. */
export async function readSmall(entry: Entry, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of entry.stream) {
    length += chunk.length;
    if (length > cap) refuse(`${entry.name} in the archive is bigger than the ${cap} bytes it may be.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A line read: its record, or why it is not one (kept until the part's hash is known: a changed part is told as changed). */
export type Line = { number: number; record: unknown; problem?: string };

/**
 * A part's records, one JSON value a line, hashing the bytes as they pass. `hash` and
 * `bytes` hold the whole part's once the loop has ended.
 */
export class PartLines {
  readonly hash: Hash = createHash("sha256");
  bytes = 0;
  constructor(private readonly entry: Entry) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Line> {
    let pending: Buffer[] = [];
    let pendingLength = 0;
    let number = 0;
    const parse = (raw: Buffer): Line => {
      number += 1;
      try {
        return { number, record: secureJson.parse(raw.toString("utf8"), undefined, { protoAction: "error", constructorAction: "error" }) as unknown };
      } catch {
        return { number, record: null, problem: `line ${number} of ${this.entry.name} is not JSON` };
      }
    };
    for await (const chunk of this.entry.stream) {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      let start = 0;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, at);
        const line = pendingLength ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingLength = 0;
        start = at + 1;
        if (line.length > LIMITS.lineBytes) refuse(`Line ${number + 1} of ${this.entry.name} in the archive is longer than the ${LIMITS.lineBytes} bytes a record may be.`);
        yield parse(line);
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingLength += chunk.length - start;
        if (pendingLength > LIMITS.lineBytes) refuse(`Line ${number + 1} of ${this.entry.name} in the archive is longer than the ${LIMITS.lineBytes} bytes a record may be.`);
      }
    }
    if (pendingLength) refuse(`${this.entry.name} in the archive does not end with a complete line: it is truncated.`);
  }
}
