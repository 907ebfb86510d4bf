-- External profile linking: signing in with an OpenID Connect provider, and the
-- profile fields a member chose, field by field, to draw across onto one persona.

-- A sign-in or link in progress. The browser holds a random key in an HttpOnly
-- cookie; only its SHA-256 is kept here, beside the state, nonce and PKCE verifier
-- sent to the provider. A row is used once (consumed_at) and expires quickly.
-- After the provider answers, the row also holds who the provider said this is
-- (issuer, subject, claims) until the member finishes linking or it expires.
create table oidc_login_states (
  key_hash      text primary key,
  state         text not null,
  nonce         text not null,
  code_verifier text not null,
  intent        text not null check (intent in ('signin', 'link')),
  -- For intent 'link': the account that started it; the callback must come back to it.
  account_id    text references accounts (id) on delete cascade,
  expires_at    timestamptz not null,
  consumed_at   timestamptz,
  issuer        text,
  subject       text,
  claims        jsonb,
  created_at    timestamptz not null default now()
);
create index oidc_login_states_expires_idx on oidc_login_states (expires_at);

-- An account's link to an account at an OpenID Connect provider. One provider
-- account links to at most one Hearth account.
create table external_identities (
  id          text primary key,
  account_id  text not null references accounts (id) on delete cascade,
  issuer      text not null,
  subject     text not null,
  created_at  timestamptz not null default now()
);
create unique index external_identities_issuer_subject_key on external_identities (issuer, subject);
create index external_identities_account_idx on external_identities (account_id);

-- A picture drawn from a provider, fetched once by the server and served by Hearth
-- itself, so that readers' browsers never ask a third party for it.
create table persona_pictures (
  id                 text primary key,
  source_identity_id text not null references external_identities (id) on delete cascade,
  content_type       text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  bytes              bytea not null,
  created_at         timestamptz not null default now()
);
create index persona_pictures_source_idx on persona_pictures (source_identity_id);

-- What a persona shows from a linked account, one row per field the member chose.
-- For 'picture' the value is a persona_pictures id. Removing the link removes these.
create table persona_profile_fields (
  persona_id         text not null references personas (id) on delete cascade,
  field              text not null check (field in ('name', 'picture', 'profile_link')),
  value              text not null,
  source_identity_id text not null references external_identities (id) on delete cascade,
  created_at         timestamptz not null default now(),
  primary key (persona_id, field)
);
create index persona_profile_fields_source_idx on persona_profile_fields (source_identity_id);
