-- Polls in threads (issue 11, ADR 36). One poll per thread, asked by the thread's author.
-- Options are a short fixed list (2 to 10), kept in the poll's row in order: a vote names
-- them by index.
create table polls (
  id             text primary key,
  community_id   text not null references communities (id) on delete cascade,
  thread_id      text not null unique references threads (id) on delete cascade,
  question       text not null,
  options        text[] not null check (cardinality(options) between 2 and 10),
  multiple       boolean not null default false,
  results_shown  text not null default 'after_voting' check (results_shown in ('after_voting', 'after_closing')),
  closes_at      timestamptz,
  created_at     timestamptz not null default now()
);

-- One vote per account, whichever persona it acts as: the unique key is the database's
-- guarantee, so ten simultaneous taps count once. The row names the account and never a
-- persona (an anonymous persona's vote must not tie it to the account in an export or a
-- view; the account is needed only to stop a second vote and to show the voter their own).
-- The choices are indexes into polls.options; no page or API lists who chose what.
create table poll_votes (
  poll_id      text not null references polls (id) on delete cascade,
  account_id   text not null references accounts (id) on delete cascade,
  community_id text not null references communities (id) on delete cascade,
  choices      smallint[] not null check (cardinality(choices) between 1 and 10),
  created_at   timestamptz not null default now(),
  primary key (poll_id, account_id)
);
-- An account's votes, for its data export and erasure (the primary key serves one poll's tally).
create index poll_votes_account_idx on poll_votes (account_id);
