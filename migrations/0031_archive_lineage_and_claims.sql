-- Lineage that travels in archives, claiming portable personas, and an owner for an imported
-- community (issue 12; ADR 0046).

-- A fork whose parent is on another server: it arrived in an archive, and its parent is named
-- by the archive (name, address and server), never linked to a community here.
-- parent_community_id stays null for it.
alter table community_forks add column parent_name text;
alter table community_forks add column parent_slug text;
alter table community_forks add column parent_server text;

-- Where an imported community lived: the address it had on the server it came from, and the
-- servers it lived on before that (the archive's lineage.movedFrom, oldest first).
alter table archive_imports add column source_slug text;
alter table archive_imports add column moved_from jsonb not null default '[]';

-- The archive marks the personal persona of each owner whose words travel; the first member to
-- claim one of them becomes the imported community's owner when it has none.
alter table portable_personas add column owner boolean not null default false;

-- When a portable persona was claimed (it joined the claimer's account then). An account's
-- personas are listed in the order they became its own, coalesce(claimed_at, created_at), so
-- a claimed personal persona, written long ago, never becomes the one a member writes as by
-- default (that stays the personal persona they signed up with).
alter table personas add column claimed_at timestamptz;
