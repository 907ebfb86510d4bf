/** Writes one part's JSON Lines to a file as records come, counting them and hashing the bytes. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { once } from "node:events";
import type { PartName, PartSummary } from "./format.ts";
import { partFile } from "./format.ts";

export class PartWriter {
  private readonly hash = createHash("sha256");
  private readonly out: fs.WriteStream;
  private records = 0;
  private bytes = 0;
  constructor(
    readonly part: PartName,
    readonly path: string,
  ) {
    this.out = fs.createWriteStream(path, { mode: 0o600 });
  }

  async write(record: unknown): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    this.hash.update(line);
    this.records += 1;
    this.bytes += line.length;
    if (!this.out.write(line)) await once(this.out, "drain");
  }

  async finish(): Promise<PartSummary> {
    this.out.end();
    await once(this.out, "finish");
    return { name: partFile(this.part), records: this.records, bytes: this.bytes, sha256: this.hash.digest("hex") };
  }
}
