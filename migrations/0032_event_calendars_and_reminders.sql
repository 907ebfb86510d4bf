-- Calendars, reminders and notifications of events (issue 13, parts 3 and 4; ADR 0047).

-- A member's personal calendar feed of the events they are going to, at a secret address
-- (/calendar/<token>.ics). The token (32 random bytes) is shown to its owner and kept only as
-- its SHA-256: a lookup by hash is the check, so no comparison of secrets takes a time that
-- depends on them. Resetting replaces the hash; the old address stops working at once.
create table calendar_feeds (
  account_id   text primary key references accounts (id) on delete cascade,
  token_sha256 text not null unique,
  created_at   timestamptz not null default now()
);
