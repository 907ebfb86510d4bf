/**
 * Personal calendar feeds (issue 13 part 3, ADR 47): everything a member is going to, at a
 * secret address /calendar/<token>.ics that a calendar app polls without a session.
 *
 * The token is 32 bytes, base64url: an HMAC, under a key derived from the server's secret, of
 * the account and the moment the feed was made. The database keeps only its SHA-256, so a copy
 * of the database alone opens no feed; the member's own settings can show the address again
 * (it is derived, not stored). A request is checked by looking up the hash of the token it
 * gives, so no comparison of secrets takes a time that depends on them. Resetting makes the
 * feed anew at a later moment: a new token, and the old one's hash is gone at once.
 */
import { createHash, createHmac } from "node:crypto";
import type { Db } from "../db/connection.ts";
import { notSignedIn } from "../shared/errors.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./calendar.repo.ts";

/** The form of a token: 32 bytes in base64url, 43 characters. Anything else is refused before any lookup. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export class CalendarFeedsService {
  constructor(
    private readonly db: Db,
    private readonly key: () => Promise<Buffer>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The viewer's feed token, or null when they have not made one. */
  async tokenOf(viewer: Viewer): Promise<string | null> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const feed = await repo.feedOf(this.db, viewer.accountId);
    return feed ? this.tokenFor(viewer.accountId, feed.created_at) : null;
  }

  /** Makes the viewer's feed, or resets it: a new token, and the old address stops working at once. */
  async reset(viewer: Viewer): Promise<string> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.feedOf(trx, viewer.accountId);
      // A later moment than the last, even within one millisecond: never the same token twice.
      const at = new Date(Math.max(this.now().getTime(), (before?.created_at.getTime() ?? 0) + 1));
      const token = await this.tokenFor(viewer.accountId, at);
      await repo.putFeed(trx, { account_id: viewer.accountId, token_sha256: sha256(token), created_at: at });
      return token;
    });
  }

  /** The account a feed token opens; undefined for a malformed, unknown or reset one (all the same to the asker). */
  async accountOf(token: string): Promise<string | undefined> {
    if (!TOKEN.test(token)) return undefined;
    return repo.accountOfToken(this.db, sha256(token));
  }

  private async tokenFor(accountId: string, createdAt: Date): Promise<string> {
    return createHmac("sha256", await this.key())
      .update(`${accountId}\n${createdAt.toISOString()}`)
      .digest("base64url");
  }
}
