-- Whether a member's words go with a fork of a community (issue 12, ADR 43): each account's
-- default, "yes", "ask" (the default, when there is no row) or "no". A fork or an archive
-- carries an author's content only with their consent.
create table fork_travel_preferences (
  account_id text primary key references accounts (id) on delete cascade,
  choice     text not null check (choice in ('yes', 'ask', 'no')),
  updated_at timestamptz not null default now()
);
