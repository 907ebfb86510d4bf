-- Search for a word in between (issue 10, ADR 0033): the GIN path may first read only the
-- matches written since a date, as one bitmap of the GIN index and a range of these. A BRIN
-- index keeps the lowest and highest creation date of every 16 pages: posts and threads are
-- written in date order, so a date range is a short run of pages, found from a few hundred
-- summaries instead of a walk of the btree (which cost more than it saved). Pages written
-- since the last summary are always included, so a range is never missed; autosummarize
-- asks autovacuum to summarise new pages as they fill (PGlite, which has no autovacuum,
-- summarises them at its next VACUUM; until then a range is only wider than it need be).
create index posts_created_brin on posts using brin (created_at) with (pages_per_range = 16, autosummarize = on);
create index threads_created_brin on threads using brin (created_at) with (pages_per_range = 16, autosummarize = on);
