/**
 * The candidates to answer a question (ADR 49): every active persona of a member of the community
 * whose declared expertise names one of the question's topics (or a synonym of one here), or
 * whose answers on those topics here were accepted or found helpful, with the facts routing ranks
 * them by. Who may not be asked is left out here: the asker, anyone already asked about this
 * question, personas with routing off, accounts sanctioned in the community. Reading rules,
 * office hours and load are for routing.ts.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Candidate } from "./routing.ts";

/** How quickly demonstrated expertise fades: an accepted answer or a helpful mark counts half after this. */
export const EVIDENCE_HALF_LIFE_DAYS = 180;
/** An accepted answer counts as much as this many helpful marks. */
export const ACCEPTED_WEIGHT = 3;

export async function candidates(db: Db, question: { communityId: string; threadId: string; topics: string[]; askerAccountId: string; now: Date }): Promise<Candidate[]> {
  const { communityId, threadId, topics, askerAccountId, now } = question;
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600_000);
  const halfLife = EVIDENCE_HALF_LIFE_DAYS * 24 * 3600;
  const { rows } = await sql<{
    persona_id: string;
    account_id: string;
    declared_matches: number;
    demonstrated: number;
    weekly_limit: number;
    recent_asks: number;
    last_active_at: Date | null;
  }>`
    with wanted as (
      select unnest(${topics}::text[]) as key
      union
      select synonym_key from community_topic_synonyms where community_id = ${communityId} and topic_key = any(${topics}::text[])
    ),
    declared as (
      select pet.persona_id, count(distinct coalesce(syn.topic_key, pet.topic_key))::int as matches
      from persona_expertise_topics pet
      left join community_topic_synonyms syn on syn.community_id = ${communityId} and syn.synonym_key = pet.topic_key
      where pet.topic_key in (select key from wanted)
      group by pet.persona_id
    ),
    evidence_threads as (
      select distinct qt.thread_id from question_topics qt
      where qt.community_id = ${communityId} and qt.topic_key = any(${topics}::text[]) and qt.thread_id <> ${threadId}
    ),
    evidence as (
      select p.author_persona_id as persona_id, ${ACCEPTED_WEIGHT}::float8 as weight, q.accepted_at as at
      from evidence_threads et
      join questions q on q.thread_id = et.thread_id
      join posts p on p.id = q.accepted_post_id
      where q.accepted_at is not null and p.deleted_at is null and p.hidden_at is null
      union all
      select p.author_persona_id, 1::float8, r.created_at
      from evidence_threads et
      join threads t on t.id = et.thread_id
      join posts p on p.thread_id = et.thread_id and p.author_persona_id <> t.author_persona_id and p.deleted_at is null and p.hidden_at is null
      join reactions r on r.post_id = p.id and r.kind = 'helpful' and r.persona_id <> p.author_persona_id
    ),
    demonstrated as (
      select persona_id, sum(weight * exp(${-Math.LN2 / halfLife}::float8 * greatest(extract(epoch from (${now}::timestamptz - at)), 0)::float8))::float8 as score
      from evidence group by persona_id
    ),
    pool as (select persona_id from declared union select persona_id from demonstrated)
    select per.id as persona_id, per.account_id,
      coalesce(d.matches, 0) as declared_matches,
      coalesce(dm.score, 0)::float8 as demonstrated,
      coalesce(pe.weekly_limit, 3) as weekly_limit,
      (select count(*) from question_routes qr where qr.account_id = per.account_id and qr.asked_at > ${weekAgo})::int as recent_asks,
      (select max(lp.created_at) from posts lp where lp.author_persona_id = per.id) as last_active_at
    from pool
    join personas per on per.id = pool.persona_id and per.status = 'active'
    join memberships m on m.community_id = ${communityId} and m.account_id = per.account_id and m.status = 'member'
    left join persona_expertise pe on pe.persona_id = per.id
    left join declared d on d.persona_id = per.id
    left join demonstrated dm on dm.persona_id = per.id
    where coalesce(pe.routing, true)
      and per.account_id <> ${askerAccountId}
      and not exists (select 1 from question_routes asked where asked.thread_id = ${threadId} and asked.account_id = per.account_id)
      and not exists (
        select 1 from community_sanctions cs
        where cs.community_id = ${communityId} and cs.account_id = per.account_id and cs.lifted_at is null and (cs.until is null or cs.until > ${now})
      )`.execute(db);
  return rows.map((r) => ({
    personaId: r.persona_id,
    accountId: r.account_id,
    declaredMatches: r.declared_matches,
    demonstrated: Number(r.demonstrated),
    weeklyLimit: r.weekly_limit,
    recentAsks: r.recent_asks,
    lastActiveAt: r.last_active_at,
  }));
}
