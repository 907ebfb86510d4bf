-- Moderation without unmasking: hiding posts and threads, flags, a public moderation
-- log, sanctions that reach the account behind a persona without telling the
-- moderator which account it is, break-glass reveals approved by a second
-- administrator, and an append-only audit log the affected member can read.

-- Hidden content stays in place: its author and the community's moderators still see
-- it, everyone else sees "Hidden by a moderator", and search leaves it out.
alter table threads add column hidden_at timestamptz;
alter table posts add column hidden_at timestamptz;

-- What members report. The reporter is kept so a flag can be closed, but never shown.
create table flags (
  id                  text primary key,
  community_id        text not null references communities (id) on delete cascade,
  target_type         text not null check (target_type in ('post', 'thread', 'persona')),
  target_id           text not null,
  -- the persona the flag is about (the author of a post or thread), for the queue
  target_persona_id   text not null references personas (id) on delete cascade,
  reporter_account_id text references accounts (id) on delete set null,
  reason              text not null check (reason in ('medical_misinformation', 'harassment', 'spam', 'safeguarding', 'identifying', 'other')),
  note                text,
  status              text not null default 'open' check (status in ('open', 'actioned', 'dismissed')),
  created_at          timestamptz not null default now(),
  closed_at           timestamptz
);
create index flags_queue_idx on flags (community_id, status, created_at);

-- Every moderation action, shown in the community's public log. The acting
-- moderator's account is kept for accountability but never published.
create table moderation_actions (
  id                text primary key,
  community_id      text not null references communities (id) on delete cascade,
  flag_id           text references flags (id) on delete set null,
  target_type       text not null check (target_type in ('post', 'thread', 'persona')),
  target_id         text not null,
  -- the persona the log shows: the author of a post or thread, or the persona acted on
  target_persona_id text not null references personas (id) on delete cascade,
  action            text not null check (action in ('dismiss', 'hide', 'unhide', 'warn', 'suspend', 'unsuspend', 'ban')),
  reason            text not null,
  until             timestamptz,
  actor_account_id  text references accounts (id) on delete set null,
  created_at        timestamptz not null default now()
);
create index moderation_actions_log_idx on moderation_actions (community_id, created_at desc, id desc);

-- A suspension or ban reaches the account, so every persona of it is stopped in that
-- community; persona_id records which persona it was issued against (lifting works on
-- that persona only, so lifting cannot be used to test whether two personas are linked).
create table community_sanctions (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  account_id   text not null references accounts (id) on delete cascade,
  persona_id   text not null references personas (id) on delete cascade,
  action_id    text not null references moderation_actions (id) on delete cascade,
  kind         text not null check (kind in ('suspend', 'ban')),
  -- null for a ban: no end
  until        timestamptz,
  lifted_at    timestamptz,
  created_at   timestamptz not null default now()
);
create index community_sanctions_account_idx on community_sanctions (community_id, account_id) where lifted_at is null;

-- Revealing the account behind a persona: asked for by one administrator with a reason,
-- decided by another.
create table break_glass_requests (
  id                   text primary key,
  persona_id           text not null references personas (id) on delete cascade,
  requester_account_id text not null references accounts (id) on delete cascade,
  reason               text not null,
  status               text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  decided_by           text references accounts (id) on delete set null,
  decided_at           timestamptz,
  decision_reason      text,
  created_at           timestamptz not null default now()
);
create index break_glass_status_idx on break_glass_requests (status, created_at);

-- Append-only: no foreign keys (nothing may cascade into it) and triggers that refuse
-- UPDATE, DELETE and TRUNCATE, so not even the application can rewrite history.
create table audit_log (
  id                 text primary key,
  subject_account_id text not null,
  actor_account_id   text,
  action             text not null,
  detail             jsonb not null default '{}'::jsonb,
  created_at         timestamptz not null default now()
);
create index audit_log_subject_idx on audit_log (subject_account_id, created_at desc, id desc);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
