-- Hearth core: accounts, personas, sessions, communities, spaces, threads, posts.
-- Ids are opaque random strings made by the application (no time inside them, so
-- two personas of one account cannot be matched by their ids).
-- Every community-owned row carries community_id so a host can partition by community.

create table accounts (
  id            text primary key,
  username      text not null,
  email         text,
  password_hash text not null,
  is_admin      boolean not null default false,
  status        text not null default 'active' check (status in ('active', 'suspended', 'deleted')),
  created_at    timestamptz not null default now()
);
create unique index accounts_username_key on accounts (lower(username));

-- A persona is the face an account shows. Threads and posts are written by personas;
-- the account never appears in a public view.
create table personas (
  id           text primary key,
  account_id   text not null references accounts (id) on delete cascade,
  kind         text not null check (kind in ('personal', 'professional', 'anonymous_professional')),
  display_name text not null,
  is_carer     boolean not null default false,
  created_at   timestamptz not null default now()
);
create index personas_account_idx on personas (account_id);

create table sessions (
  token_hash   text primary key,
  account_id   text not null references accounts (id) on delete cascade,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null
);
create index sessions_account_idx on sessions (account_id);

-- Fixed-window counters shared by every web process (rate limits on sign-in, sign-up).
create table rate_limit_windows (
  key          text not null,
  window_start timestamptz not null,
  hits         integer not null,
  primary key (key, window_start)
);

-- Member preferences and consents live in their own tables, one row per choice,
-- so that later capabilities (notifications, research consent, forks) add rows, not columns.
create table member_preferences (
  account_id text not null references accounts (id) on delete cascade,
  name       text not null,
  value      jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (account_id, name)
);

create table consents (
  id          text primary key,
  account_id  text not null references accounts (id) on delete cascade,
  purpose     text not null,
  granted     boolean not null,
  recorded_at timestamptz not null default now()
);
create index consents_account_idx on consents (account_id, purpose, recorded_at desc);

create table communities (
  id          text primary key,
  slug        text not null unique,
  name        text not null,
  purpose     text not null,
  visibility  text not null check (visibility in ('public', 'members', 'hidden')),
  join_policy text not null default 'open' check (join_policy in ('open', 'approval')),
  -- conditions, rules and the honest-broker declaration: a document that can be exported, diffed and forked
  charter     jsonb not null,
  is_demo     boolean not null default false,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

-- Every edit of a charter is kept, so members can see what changed and forks can diff.
create table charter_revisions (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  editor_account_id text references accounts (id) on delete set null,
  snapshot     jsonb not null,
  created_at   timestamptz not null default now()
);
create index charter_revisions_community_idx on charter_revisions (community_id, created_at);

create table memberships (
  community_id text not null references communities (id) on delete cascade,
  account_id   text not null references accounts (id) on delete cascade,
  role         text not null default 'member' check (role in ('owner', 'moderator', 'member')),
  status       text not null default 'member' check (status in ('member', 'pending')),
  created_at   timestamptz not null default now(),
  primary key (community_id, account_id)
);
create index memberships_account_idx on memberships (account_id);

create table spaces (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  slug         text not null,
  name         text not null,
  description  text not null default '',
  visibility   text not null check (visibility in ('public', 'members', 'carers', 'clinicians')),
  position     integer not null default 0,
  created_at   timestamptz not null default now(),
  unique (community_id, slug)
);

create table threads (
  id                text primary key,
  community_id      text not null references communities (id) on delete cascade,
  space_id          text not null references spaces (id) on delete cascade,
  author_persona_id text not null references personas (id),
  title             text not null,
  reply_count       integer not null default 0,
  created_at        timestamptz not null default now(),
  last_posted_at    timestamptz not null default now(),
  search            tsvector generated always as (to_tsvector('english', title)) stored
);
create index threads_space_recent_idx on threads (space_id, last_posted_at desc, id desc);
create index threads_search_idx on threads using gin (search);

-- The opening post of a thread is its first post; html is the body rendered safely at write time.
create table posts (
  id                text primary key,
  community_id      text not null references communities (id) on delete cascade,
  thread_id         text not null references threads (id) on delete cascade,
  author_persona_id text not null references personas (id),
  body              text not null,
  html              text not null,
  created_at        timestamptz not null default now(),
  edited_at         timestamptz,
  deleted_at        timestamptz,
  search            tsvector generated always as (to_tsvector('english', body)) stored
);
create index posts_thread_order_idx on posts (thread_id, created_at, id);
create index posts_search_idx on posts using gin (search);

-- Earlier bodies of edited posts (the history an author and moderators can read).
create table post_revisions (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  post_id      text not null references posts (id) on delete cascade,
  body         text not null,
  created_at   timestamptz not null default now()
);
create index post_revisions_post_idx on post_revisions (post_id, created_at);

create table reactions (
  community_id text not null references communities (id) on delete cascade,
  post_id      text not null references posts (id) on delete cascade,
  persona_id   text not null references personas (id) on delete cascade,
  kind         text not null check (kind in ('thanks', 'me_too', 'hug', 'helpful')),
  created_at   timestamptz not null default now(),
  primary key (post_id, persona_id, kind)
);

-- Facts about this server (e.g. whether the demo community was seeded).
create table instance_settings (
  name  text primary key,
  value jsonb not null
);
