/** Search: what the viewer may read that matches their words. */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import { invalid } from "../shared/errors.ts";
import type { Viewer } from "../shared/viewer.ts";
import { countRecentMatches, searchConfigsInUse, searchReadable } from "./search.repo.ts";
import { chooseSearchPaths } from "./search-paths.ts";
import { presentHit } from "./search.presenter.ts";
import { LIMITS } from "../shared/limits.ts";
import { checkSafeText } from "../shared/text.ts";
import { msg } from "../shared/i18n/message.ts";

export type { SearchHitView } from "./search.presenter.ts";

function decodeOffset(cursor?: string): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n > 10_000) throw invalid("cursor", msg("problem.cursor.unknown"));
  return n;
}

export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
  ) {}

  async search(viewer: Viewer, input: { q: string; community?: string; cursor?: string; limit?: number }) {
    const q = checkSafeText("q", input.q).trim();
    if (!q) throw invalid("q", msg("problem.search.empty"));
    if (q.length > LIMITS.searchQuery) throw invalid("q", msg("problem.search.tooLong", { max: String(LIMITS.searchQuery) }));
    if (input.community) await this.communities.access(viewer, input.community);
    const limit = input.limit ?? 20;
    const offset = decodeOffset(input.cursor);
    // Every configuration something is indexed with, so that a word is found in every language it is written in.
    const query = { words: q, configs: await searchConfigsInUse(this.db), communitySlug: input.community ?? null };
    // Common among the newest posts, or rare? Read newest first, or from the GIN index (ADR 0033).
    const paths = chooseSearchPaths(await countRecentMatches(this.db, viewer, query));
    const rows = await searchReadable(this.db, viewer, query, offset, limit, paths);
    const more = rows.length > limit;
    return {
      items: rows.slice(0, limit).map(presentHit),
      nextCursor: more ? Buffer.from(String(offset + limit)).toString("base64url") : null,
    };
  }
}
