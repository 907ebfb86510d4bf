-- The learning log (issue 14, part 5; ADR 0050): a member's private record of questions answered and
-- threads engaged with, time spent and a short reflection under the headings a UK appraisal uses.
-- Only its owner ever reads any of it: no other table counts it, no view joins it.

-- Whether the account keeps a log (no row: it does not), and the name the owner chose to print on
-- the appraisal page (null: a blank line to write on). Never the username, never a persona's name.
create table learning_log_settings (
  account_id  text primary key references accounts (id) on delete cascade,
  enabled     boolean not null,
  print_name  text,
  updated_at  timestamptz not null default now()
);

-- One entry per account and thread (the unique index below), written by the post.created job or
-- by hand (kind 'other', no thread). The thread's title, the community's name and its slug are
-- kept as they were, as text of the owner's own log: a thread deleted later leaves the entry, and
-- `thread_id` becomes null (no link). `minutes_source`: 'estimated' from the words, until the
-- owner says how long it took ('self_reported').
create table learning_log_entries (
  id              text primary key,
  account_id      text not null references accounts (id) on delete cascade,
  kind            text not null check (kind in ('question_answered', 'thread_engaged', 'other')),
  thread_id       text references threads (id) on delete set null,
  post_id         text references posts (id) on delete set null,
  title           text not null,
  community_name  text,
  community_slug  text,
  minutes         integer not null check (minutes between 1 and 1440),
  minutes_source  text not null check (minutes_source in ('estimated', 'self_reported')),
  what_happened   text,
  what_learned    text,
  what_next       text,
  occurred_at     timestamptz not null,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
-- The job's idempotence: a second reply in the thread, or a retry, inserts nothing.
create unique index learning_log_entries_thread_key on learning_log_entries (account_id, thread_id) where thread_id is not null;
-- The owner's list, newest first, paged by (occurred_at, id).
create index learning_log_entries_list_idx on learning_log_entries (account_id, occurred_at desc, id desc);
-- Deleting a thread or a post sets these null; without an index each delete would read the whole table.
create index learning_log_entries_thread_idx on learning_log_entries (thread_id) where thread_id is not null;
create index learning_log_entries_post_idx on learning_log_entries (post_id) where post_id is not null;
