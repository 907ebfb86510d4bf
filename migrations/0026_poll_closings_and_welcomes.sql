-- Poll closings and one-tap welcomes (issue 11, parts 4 and 7; ADR 0041).

-- Two new kinds of notification. `poll_closed`: a poll with a close date closed, told to the
-- thread's author and to every account that voted, once each (source_key
-- 'poll-closed:<poll id>', unique per account through notifications_once_per_source).
-- `welcome`: a member welcomed a newcomer with one tap (source_key 'welcome:<welcome id>').
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'reply', 'mention', 'thread_activity',
  'followed_thread', 'followed_space', 'followed_persona', 'new_follower', 'reactions',
  'poll_closed', 'welcome',
  'join_approved', 'join_declined',
  'clinician_approved', 'clinician_rejected', 'name_approved', 'name_rejected',
  'moderation_warning', 'post_hidden',
  'break_glass_waiting', 'account_revealed'));

-- One-tap welcomes. A member (the account, as the persona it chose: `welcomer_persona_id`,
-- all the newcomer is shown) welcomes one persona of a newcomer. Once per welcomer account,
-- newcomer persona and community: a double tap, or a tap as another of the welcomer's
-- personas, inserts nothing the second time (on conflict do nothing). The key is the
-- newcomer's persona, never its account, so welcoming two personas of one account is two
-- welcomes and no answer tells the welcomer that they share one.
create table welcomes (
  id                  text primary key,
  community_id        text not null references communities (id) on delete cascade,
  welcomer_account_id text not null references accounts (id) on delete cascade,
  welcomer_persona_id text not null references personas (id) on delete cascade,
  newcomer_persona_id text not null references personas (id) on delete cascade,
  created_at          timestamptz not null default now(),
  unique (community_id, welcomer_account_id, newcomer_persona_id)
);
-- For erasing a persona's welcomes with it (the cascade) and for the thread page's "welcomed" state.
create index welcomes_newcomer_idx on welcomes (newcomer_persona_id);
create index welcomes_welcomer_persona_idx on welcomes (welcomer_persona_id);
