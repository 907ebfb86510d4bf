/**
 * Claiming portable personas (issue 12, ADR 46). A member whose words travelled in an archive
 * got a code from their old host; entering it here, signed in, makes every portable persona
 * that code opens a persona of their account — each stays its own persona (an anonymous one
 * is never merged into their personal one, so nothing of the account is shown with it) — and
 * their posts theirs to edit and take back. A code opens once: the personas it opened are no
 * longer portable. A wrong, used or malformed code gets the same 400, so an answer never says
 * whether a persona exists; tries are counted per account, as other codes are.
 */
import type { Db } from "../db/connection.ts";
import type { Role } from "../db/schema.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import { invalid, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { RateLimiter } from "../db/rate-limiter.ts";
import type { RateLimitRule } from "../shared/rate-limits.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./archive.repo.ts";

/** Ten tries an hour per account, as for second-factor codes; the code is 120 random bits, so guessing is hopeless anyway. */
export const CLAIM_LIMIT: RateLimitRule = { name: "claim-code", limit: 10, windowSeconds: 60 * 60 };

/** The shape of a code `hearth export` writes (15 random bytes, base64url), with room for longer ones. */
const CODE = /^[A-Za-z0-9_-]{10,100}$/;

export type ClaimedView = {
  communities: { slug: string; name: string; role: Role; personas: { id: string; displayName: string; kind: string }[] }[];
};

export async function claim(db: Db, limiter: RateLimiter, communities: CommunitiesService, viewer: Viewer, sent: unknown): Promise<ClaimedView> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  const code = typeof sent === "string" ? sent.trim() : "";
  if (code === "") throw invalid("code", msg("problem.claim.empty"));
  await limiter.hit(CLAIM_LIMIT, `account:${viewer.accountId}`);
  const wrong = () => invalid("code", msg("problem.claim.wrong"));
  if (!CODE.test(code)) throw wrong();
  return db.transaction().execute(async (trx) => {
    const opened = await repo.personasOpenedBy(trx, code);
    if (!opened.length) throw wrong();
    const byCommunity = new Map<string, typeof opened>();
    for (const p of opened) byCommunity.set(p.community_id, [...(byCommunity.get(p.community_id) ?? []), p]);
    const view: ClaimedView = { communities: [] };
    for (const [communityId, personas] of byCommunity) {
      for (const p of personas) await repo.giveClaimedPersona(trx, p.id, p.placeholder_account_id, viewer.accountId);
      // The first to claim the persona of an owner at export becomes the owner, while the community has none (ADR 46).
      const role = await communities.admitFromArchive(trx, communityId, viewer.accountId, personas.some((p) => p.owner));
      view.communities.push({ slug: personas[0]!.community_slug, name: personas[0]!.community_name, role, personas: personas.map((p) => ({ id: p.id, displayName: p.display_name, kind: p.kind })) });
    }
    return view;
  });
}
