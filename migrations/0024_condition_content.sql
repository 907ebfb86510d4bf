-- Condition-aware content (issue 11, part 6; ADR 39): a community's glossary, content
-- warnings on threads, and safeguarding alerts raised by the system in the moderation queue.

-- Terms with plain-language definitions. term_key is the term normalised and lower-cased,
-- so "COPD" and "copd" are one term.
create table glossary_terms (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  term         text not null,
  term_key     text not null,
  definition   text not null,
  created_at   timestamptz not null default now()
);
create unique index glossary_terms_key_idx on glossary_terms (community_id, term_key);

-- The warnings a thread carries, each one of its community's charter.contentWarnings.
alter table threads add column content_warnings text[] not null default '{}';

-- A safeguarding alert is a flag the system raises (reporter_account_id null) with an
-- urgency; priority orders the queue (0 high, 1 medium, 2 a member's report).
-- alert_key ('safeguarding:<post id>') makes the job idempotent: one alert per post.
alter table flags add column urgency text check (urgency in ('high', 'medium'));
alter table flags add column priority smallint not null default 2;
alter table flags add column alert_key text;
create unique index flags_alert_key_idx on flags (alert_key);
create index flags_queue_priority_idx on flags (community_id, status, priority, created_at, id);
