-- Forking a community on the same server (issue 12, part 1; ADR 0043).

-- Two new outcome kinds of notification. `fork_consent`: a member whose default is "ask" wrote
-- in spaces a fork carried, and is asked whether their words go (source_key
-- 'fork-consent:<fork community id>'). `fork_invitation`: a member of the parent is invited to
-- the fork, never made a member of it (source_key 'fork-invitation:<fork community id>').
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'reply', 'mention', 'thread_activity',
  'followed_thread', 'followed_space', 'followed_persona', 'new_follower', 'reactions',
  'poll_closed', 'welcome',
  'join_approved', 'join_declined',
  'clinician_approved', 'clinician_rejected', 'name_approved', 'name_rejected',
  'moderation_warning', 'post_hidden',
  'break_glass_waiting', 'account_revealed',
  'fork_consent', 'fork_invitation'));

-- A post of a fork that stands for one that was not carried (its author said no, or has not
-- said yes yet): it keeps the thread's shape and shows "A reply that was not carried", with no
-- words and no author. It is written as deleted (deleted_at), so every reader already shows
-- it without words or author; its author_persona_id is the forker's, never the absent author's,
-- so nothing of theirs is in the fork until they say yes (then the row is filled in).
alter table posts add column not_carried boolean not null default false;

-- The lineage: which community a fork came from, when, and up to which point (the newest post
-- of the carried spaces at that moment; nothing written after it is ever carried).
create table community_forks (
  community_id            text primary key references communities (id) on delete cascade,
  parent_community_id     text references communities (id) on delete set null,
  forked_by_account_id    text references accounts (id) on delete set null,
  forked_at               timestamptz not null default now(),
  carried_through         timestamptz,
  carried_through_post_id text
);
create index community_forks_parent_idx on community_forks (parent_community_id, forked_at);

-- Which spaces of the parent became which spaces of the fork.
create table fork_spaces (
  fork_community_id text not null references communities (id) on delete cascade,
  source_space_id   text not null references spaces (id) on delete cascade,
  fork_space_id     text not null references spaces (id) on delete cascade,
  primary key (fork_community_id, source_space_id)
);

-- Which threads and posts of the parent are in the fork, once each: copying again (an answer
-- sent twice, a retried job) finds the row and writes nothing (ADR 0043).
create table fork_threads (
  fork_community_id text not null references communities (id) on delete cascade,
  source_thread_id  text not null references threads (id) on delete cascade,
  fork_thread_id    text not null references threads (id) on delete cascade,
  primary key (fork_community_id, source_thread_id)
);
create table fork_posts (
  fork_community_id text not null references communities (id) on delete cascade,
  source_post_id    text not null references posts (id) on delete cascade,
  fork_post_id      text not null references posts (id) on delete cascade,
  primary key (fork_community_id, source_post_id)
);
create index fork_posts_fork_post_idx on fork_posts (fork_post_id);

-- Every author of the carried spaces when the fork was made, and whether their words go: their
-- default then ("yes" or "no"), or null where it was "ask" (`asked`: they are asked, and answer
-- later). Only a "yes" here ever carries anything; the fork's copying reads nothing else.
create table fork_consents (
  fork_community_id text not null references communities (id) on delete cascade,
  account_id        text not null references accounts (id) on delete cascade,
  answer            text check (answer in ('yes', 'no')),
  asked             boolean not null default false,
  answered_at       timestamptz,
  primary key (fork_community_id, account_id)
);
create index fork_consents_account_idx on fork_consents (account_id);
