-- Plural identity and clinician capacity: verified clinicians, professional and
-- anonymous-professional personas, moderation that does not unmask, break-glass
-- with an append-only audit log, second factor, external profile links.

alter table accounts add column is_verifier boolean not null default false;

-- What an anonymous-professional persona shows instead of a name ("Respiratory nurse"),
-- and until when its verification holds (kept on the persona so every post can show
-- a lapsed verification without another query).
alter table personas add column specialty text;
alter table personas add column verified_until timestamptz;
alter table personas add column status text not null default 'active' check (status in ('active', 'retired'));

create table clinician_verifications (
  id                  text primary key,
  account_id          text not null references accounts (id) on delete cascade,
  profession          text not null,
  register            text not null check (register in ('GMC', 'NMC', 'HCPC', 'GDC', 'GPhC', 'other')),
  registration_number text not null,
  specialty           text not null,
  evidence            text,
  status              text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  verifier            text not null default 'manual',
  decided_by          text references accounts (id) on delete set null,
  decided_at          timestamptz,
  reason              text,
  expires_at          timestamptz,
  created_at          timestamptz not null default now()
);
create unique index clinician_verifications_one_pending on clinician_verifications (account_id) where status = 'pending';
create index clinician_verifications_status_idx on clinician_verifications (status, created_at);
