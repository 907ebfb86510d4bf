/**
 * The server secret: one root key from which purpose-bound keys are derived (today the
 * key of CSRF form tokens). It is HEARTH_SECRET when the host sets it, otherwise 32
 * random bytes made once and kept in the database, so `npm start` stays one command and
 * every web process on the same database derives the same keys.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Db } from "../db/connection.ts";
import { findOrCreateSecret } from "./server-secret.repo.ts";

const ROOT = "root";

export class ServerSecretService {
  private root: Promise<Buffer> | null = null;
  private readonly derived = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly db: Db,
    /** HEARTH_SECRET, or null to use the one kept in the database. */
    private readonly configured: string | null,
  ) {}

  /**
   * A key for one purpose ("csrf" …): HMAC-SHA256 of the purpose under the root key, so a
   * key used for one thing never doubles as another. Cached; a failed database read is
   * not cached, so the next request tries again.
   */
  keyFor(purpose: string): Promise<Buffer> {
    let key = this.derived.get(purpose);
    if (!key) {
      key = this.rootKey().then((root) => createHmac("sha256", root).update(`hearth:${purpose}`).digest());
      key.catch(() => this.derived.delete(purpose));
      this.derived.set(purpose, key);
    }
    return key;
  }

  private rootKey(): Promise<Buffer> {
    if (this.configured !== null) return Promise.resolve(Buffer.from(this.configured, "utf8"));
    if (!this.root) {
      this.root = findOrCreateSecret(this.db, ROOT, randomBytes(32).toString("base64url")).then((value) => Buffer.from(value, "utf8"));
      this.root.catch(() => (this.root = null));
    }
    return this.root;
  }
}
