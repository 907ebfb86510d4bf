-- Costs that stay flat as a community grows (ADR 0033).

-- Search finds the newest matches of a common word by reading these newest first and
-- stopping after a bounded number (src/search/search.repo.ts); a rare word still comes
-- from the GIN indexes.
create index posts_recent_idx on posts (created_at desc, id desc);
create index threads_recent_idx on threads (created_at desc, id desc);

-- Every reply moves its thread's last_posted_at, which leaves a dead entry behind in
-- threads_space_recent_idx until a vacuum removes it; the first page of a space reads
-- through them. threads is small and hot: vacuum it after 200 changed rows plus 1 % of
-- the table (1,200 at 100,000 threads), not the default 50 plus 20 % (20,050), and let that
-- vacuum run without pausing. PGlite accepts these settings; it has no autovacuum to use them.
alter table threads set (
  autovacuum_vacuum_scale_factor = 0.01,
  autovacuum_vacuum_threshold = 200,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_delay = 0
);

-- The member list pages by the day someone joined, then by persona: read the community's
-- members in that order rather than sorting all of them (src/communities/communities.repo.ts).
create index memberships_joined_day_idx on memberships (community_id, status, (date_trunc('day', created_at at time zone 'UTC')));
-- Who runs a community (its owners and moderators, on every community page) without reading every membership.
create index memberships_stewards_idx on memberships (community_id, role desc, created_at) where status = 'member' and role in ('owner', 'moderator');
