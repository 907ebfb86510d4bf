-- Portable community archives (issue 12, ADR 44).
--
-- A persona that arrived in an archive is portable: no person's account on this server is
-- behind it until its owner claims it with the code their old host sent them. Each one is
-- held by its own closed placeholder account (status 'deleted', no email, no usable
-- password), so personas.account_id stays not null and no two portable personas share an
-- account. What the archive said of the persona that this server did not check (a
-- clinician's badge) and the hash of its claim code are kept here.
create table portable_personas (
  persona_id        text primary key references personas (id) on delete cascade,
  community_id      text not null references communities (id) on delete cascade,
  badge             text,
  claim_code_sha256 text,
  arrived_at        timestamptz not null default now()
);
create index portable_personas_community_idx on portable_personas (community_id);

-- Reactions and poll votes travel as counts (who reacted or voted never travels), so an
-- imported community keeps them here beside the live rows its new members add.
create table archived_reaction_counts (
  community_id text not null references communities (id) on delete cascade,
  post_id      text not null references posts (id) on delete cascade,
  kind         text not null check (kind in ('thanks', 'me_too', 'hug', 'helpful')),
  count        integer not null check (count > 0),
  primary key (post_id, kind)
);
create index archived_reaction_counts_community_idx on archived_reaction_counts (community_id);

create table archived_poll_counts (
  community_id text not null references communities (id) on delete cascade,
  poll_id      text primary key references polls (id) on delete cascade,
  counts       integer[] not null,
  voters       integer not null check (voters >= 0)
);
create index archived_poll_counts_community_idx on archived_poll_counts (community_id);

-- Where an imported community came from and whose key signed it.
create table archive_imports (
  community_id     text primary key references communities (id) on delete cascade,
  source_server    text not null,
  key_fingerprint  text not null,
  format_version   integer not null,
  exported_at      timestamptz not null,
  imported_at      timestamptz not null default now()
);

-- An export reads a community's threads and posts a page at a time in byte order of their
-- ids (the same order on PGlite and PostgreSQL, whatever the collation); without these each
-- page would sort the whole community again.
create index threads_archive_keyset_idx on threads (community_id, id collate "C");
create index posts_archive_keyset_idx on posts (community_id, id collate "C");
