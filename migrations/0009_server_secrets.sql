-- Secrets the server keeps for itself, made once and shared by every web process
-- that uses this database (so `npm start` stays one command, and several processes
-- behind a load balancer agree). Today: the root key that CSRF form tokens are
-- derived from (HMAC-SHA256, src/security/server-secret.service.ts). HEARTH_SECRET,
-- when set, takes its place. A separate table, not instance_settings, so that
-- nothing that lists or exports settings ever carries a secret.
create table server_secrets (
  name       text primary key,
  value      text not null,
  created_at timestamptz not null default now()
);
