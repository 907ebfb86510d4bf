-- Getting back into an account (ADR 29): a verified email that can receive a reset
-- link, password reset links and email verification links (single use, expiring,
-- kept only as the SHA-256 of their token), and recovery codes that reset the
-- password (separate from the two-step sign-in recovery codes of 0004).

-- When `email` was last proved to reach its owner (null: not verified, and no reset
-- link is ever sent to it). An address being changed to waits in `pending_email`
-- until its link is followed; until then `email` stays as it was.
alter table accounts add column email_verified_at timestamptz;
alter table accounts add column pending_email text;

-- One row per link sent: a password reset, or the verification of an address.
-- `email` is the address a verification link was sent to: following the link
-- verifies that address only (a later change does not let an old link verify it).
create table account_tokens (
  token_hash text primary key,
  account_id text not null references accounts (id) on delete cascade,
  purpose    text not null check (purpose in ('password_reset', 'email_verification')),
  email      text,
  expires_at timestamptz not null,
  used_at    timestamptz,
  created_at timestamptz not null default now()
);
create index account_tokens_account_idx on account_tokens (account_id, purpose);
create index account_tokens_expires_idx on account_tokens (expires_at);

-- Codes that reset the password, one use each; only a hash is kept. Making new ones
-- deletes the old.
create table password_recovery_codes (
  account_id text not null references accounts (id) on delete cascade,
  code_hash  text not null,
  used_at    timestamptz,
  created_at timestamptz not null default now(),
  primary key (account_id, code_hash)
);
