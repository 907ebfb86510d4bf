-- Following and bookmarks, and notifications they drive (issue 11, ADR 35).
--
-- A follow is an account's: it follows a thread, a space or a persona, as one of its
-- personas (`persona_id`, the face a followed persona is told about, and the persona a
-- notification "concerns"). Exactly one target per row, each with its own foreign key, so
-- a deleted thread, space or persona takes its follows with it. One follow per account and
-- target: a double tap inserts nothing the second time (on conflict do nothing).
create table follows (
  id                  text primary key,
  account_id          text not null references accounts (id) on delete cascade,
  persona_id          text not null references personas (id) on delete cascade,
  thread_id           text references threads (id) on delete cascade,
  space_id            text references spaces (id) on delete cascade,
  followed_persona_id text references personas (id) on delete cascade,
  community_id        text references communities (id) on delete cascade,
  created_at          timestamptz not null default now(),
  check (num_nonnulls(thread_id, space_id, followed_persona_id) = 1)
);
create unique index follows_thread_once on follows (account_id, thread_id) where thread_id is not null;
create unique index follows_space_once on follows (account_id, space_id) where space_id is not null;
create unique index follows_persona_once on follows (account_id, followed_persona_id) where followed_persona_id is not null;
-- Fan-out reads the followers of one thread, space or persona.
create index follows_of_thread_idx on follows (thread_id) where thread_id is not null;
create index follows_of_space_idx on follows (space_id) where space_id is not null;
create index follows_of_persona_idx on follows (followed_persona_id) where followed_persona_id is not null;
-- The member's own list, newest first.
create index follows_account_recent_idx on follows (account_id, created_at desc, id desc);

-- Bookmarks: private to their account, of a thread or a post. Nobody else ever sees one,
-- or a count of them.
create table bookmarks (
  id           text primary key,
  account_id   text not null references accounts (id) on delete cascade,
  thread_id    text references threads (id) on delete cascade,
  post_id      text references posts (id) on delete cascade,
  community_id text not null references communities (id) on delete cascade,
  created_at   timestamptz not null default now(),
  check (num_nonnulls(thread_id, post_id) = 1)
);
create unique index bookmarks_thread_once on bookmarks (account_id, thread_id) where thread_id is not null;
create unique index bookmarks_post_once on bookmarks (account_id, post_id) where post_id is not null;
create index bookmarks_account_recent_idx on bookmarks (account_id, created_at desc, id desc);

-- New kinds of notification: activity in what is followed, a new follower, and reactions
-- batched ("5 people said thanks"): one row per post and reaction kind, its count
-- (`actor_count`) updated as reactions arrive, keyed by source_key 'reactions:<post>:<kind>'.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'reply', 'mention', 'thread_activity',
  'followed_thread', 'followed_space', 'followed_persona', 'new_follower', 'reactions',
  'join_approved', 'join_declined',
  'clinician_approved', 'clinician_rejected', 'name_approved', 'name_rejected',
  'moderation_warning', 'post_hidden',
  'break_glass_waiting', 'account_revealed'));
alter table notifications add column reaction_kind text;
alter table notifications add column actor_count integer;
-- Still one notification per account and post for what was written (a reply in a followed
-- thread by a followed persona is one), but a post's batched reactions (with a source_key)
-- sit beside it.
alter table notifications drop constraint notifications_account_id_post_id_key;
create unique index notifications_once_per_post on notifications (account_id, post_id) where source_key is null;
