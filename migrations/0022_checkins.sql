-- Check-ins (issue 11, ADR 0037): a member's answers to their community's check-in template,
-- one a day (a second the same day replaces the first, so a double tap never counts twice).
-- They belong to the account, never to a persona: nobody else ever sees them, and they are
-- not written as anyone. `shared` puts a check-in into the community's weekly summary, which
-- shows only numbers that come from at least 5 members.
create table checkins (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  account_id   text not null references accounts (id) on delete cascade,
  day          date not null,
  answers      jsonb not null,
  shared       boolean not null default false,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  -- Also the member's history, newest first (read backwards).
  unique (account_id, community_id, day)
);
-- The weekly summary: this community's shared check-ins of the last days.
create index checkins_shared_idx on checkins (community_id, day) where shared;
