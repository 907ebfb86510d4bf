-- Email for notifications (issue 11, part 7; ADR 38). Each type's email choice (off,
-- immediate, daily, weekly) and an account's office hours are member_preferences rows
-- ('email.notifications.<type>', 'email.officeHours'); this adds what a digest needs.

-- One row per account, frequency and period (a day, or an ISO week named by its Monday) whose
-- digest is done, sent or found empty: a rerun of the same period sends nothing.
-- covered_until is where the next digest of that frequency starts.
create table notification_digests (
  account_id text not null references accounts (id) on delete cascade,
  frequency text not null check (frequency in ('daily', 'weekly')),
  period text not null check (period ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  covered_until timestamptz not null,
  notification_count integer not null,
  done_at timestamptz not null default now(),
  primary key (account_id, frequency, period)
);

create index notification_digests_latest_idx on notification_digests (account_id, frequency, covered_until desc);

-- The scheduled pass looks up who wants digests by the preference's name.
create index member_preferences_digest_idx on member_preferences (name, account_id) where name like 'email.notifications.%';
