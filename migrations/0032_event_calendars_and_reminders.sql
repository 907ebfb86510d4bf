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

-- Five new kinds of notification, of the new type `events` (on, and mailed at once, until the
-- member chooses otherwise). Each is keyed by what it is about (source_key, once per account):
-- `event_promoted`: a place came free and the member was given it from the waitlist
-- ('event-promoted:<event id>:<job id>', once per promotion); `event_changed`: its time, place
-- or online link changed (detail: which, as "time,place"; 'event-changed:<job id>');
-- `event_cancelled` ('event-cancelled:<event id>'); `event_message`: the organisers wrote to the
-- people who answered (subject_id: the message; 'event-message:<message id>'); `event_reminder`:
-- a day or two hours before it starts (detail: "day" or "hours";
-- 'event-reminder:<event id>:<reminder>:<start>', so a moved event reminds again, once).
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'reply', 'mention', 'thread_activity',
  'followed_thread', 'followed_space', 'followed_persona', 'new_follower', 'reactions',
  'poll_closed', 'welcome',
  'event_promoted', 'event_changed', 'event_cancelled', 'event_message', 'event_reminder',
  'join_approved', 'join_declined',
  'clinician_approved', 'clinician_rejected', 'name_approved', 'name_rejected',
  'moderation_warning', 'post_hidden',
  'break_glass_waiting', 'account_revealed',
  'fork_consent', 'fork_invitation'));

-- The event a notification is about: it goes with the event.
alter table notifications add column event_id text references events (id) on delete cascade;
-- What an event's notification says beyond its kind: what changed, or which reminder.
alter table notifications add column detail text;
create index notifications_event_idx on notifications (event_id) where event_id is not null;
