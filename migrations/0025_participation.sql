-- The participation ladder (issue 11, ADR 0040): the small steps a member has taken at least
-- once (read a thread, reacted, checked in, replied, started a thread, been thanked as
-- helpful), one row per account and step, written by event subscribers and shown only to that
-- account. No dates are shown and nothing counts how often: it is a ladder, not a streak.
create table participation_steps (
  account_id text not null references accounts (id) on delete cascade,
  step       text not null check (step in ('read', 'react', 'checkin', 'reply', 'thread', 'helped')),
  first_at   timestamptz not null default now(),
  primary key (account_id, step)
);

-- Each community's welcome thread: where a newcomer is asked to say hello.
create table welcome_threads (
  community_id text primary key references communities (id) on delete cascade,
  thread_id    text not null references threads (id) on delete cascade,
  set_at       timestamptz not null default now()
);
