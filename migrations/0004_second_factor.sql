-- Second factor: a TOTP authenticator app, recovery codes, and the short-lived
-- "password was right, now the code" state of a two-step sign-in.

-- One row per account that has started or finished setting up two-step sign-in.
-- `secret` is the active authenticator key (null until the first confirmation);
-- `pending_secret` is a key being set up (first time, or moving to a new phone),
-- which only replaces `secret` once a code from it has been confirmed.
-- Keys are 20 random bytes, stored base32. Encrypting them with a host key is a
-- later step (docs/adr: second factor).
create table second_factors (
  account_id     text primary key references accounts (id) on delete cascade,
  secret         text,
  pending_secret text,
  -- The last TOTP time step accepted, so a code works once (no replay in its window).
  last_used_step integer,
  enabled_at     timestamptz,
  created_at     timestamptz not null default now()
);

-- Ten one-use codes for when the phone is lost; only their SHA-256 is kept.
create table recovery_codes (
  account_id text not null references accounts (id) on delete cascade,
  code_hash  text not null,
  used_at    timestamptz,
  primary key (account_id, code_hash)
);

-- A sign-in whose password was right and which waits for the second factor.
-- The browser holds only a random handle; its SHA-256 is the key here.
create table pending_sign_ins (
  token_hash text primary key,
  account_id text not null references accounts (id) on delete cascade,
  attempts   integer not null default 0,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index pending_sign_ins_expires_idx on pending_sign_ins (expires_at);
