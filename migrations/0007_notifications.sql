-- Mentions and notifications.
--
-- A post mentions a persona by linking to it ("[@Name](/personas/<id>)"): persona ids
-- are unique where display names are not, and the link is what the composer makes.
-- The rows are rebuilt from the post's words whenever it is written or edited.
create table mentions (
  post_id      text not null references posts (id) on delete cascade,
  persona_id   text not null references personas (id) on delete cascade,
  community_id text not null references communities (id) on delete cascade,
  created_at   timestamptz not null default now(),
  primary key (post_id, persona_id)
);
create index mentions_persona_idx on mentions (persona_id);

-- What an account is told about. persona_id is the recipient's own persona the
-- notification concerns (the one that started the thread, the one mentioned), so the
-- account sees which face was addressed; actor_persona_id is the persona that acted,
-- and is all that is ever shown of the actor.
create table notifications (
  id               text primary key,
  account_id       text not null references accounts (id) on delete cascade,
  persona_id       text not null references personas (id) on delete cascade,
  kind             text not null check (kind in ('reply', 'mention', 'thread_activity')),
  community_id     text not null references communities (id) on delete cascade,
  thread_id        text not null references threads (id) on delete cascade,
  post_id          text not null references posts (id) on delete cascade,
  actor_persona_id text not null references personas (id) on delete cascade,
  created_at       timestamptz not null default now(),
  read_at          timestamptz,
  -- One notification per post and account: a reply that also mentions the thread's
  -- author tells them once, and a retried job cannot tell them twice.
  unique (account_id, post_id)
);
create index notifications_account_recent_idx on notifications (account_id, created_at desc, id desc);
-- The unread count in every signed-in page's header reads only this.
create index notifications_unread_idx on notifications (account_id) where read_at is null;
