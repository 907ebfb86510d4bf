-- Events and meet-ups (issue 13, ADR 0045). An event lives in one space of a community and is
-- read by whoever may read that space: a members-only event is invisible to others.
create table events (
  id                   text primary key,
  community_id         text not null references communities (id) on delete cascade,
  space_id             text not null references spaces (id) on delete cascade,
  organiser_persona_id text not null references personas (id) on delete cascade,
  title                text not null,
  description          text not null,
  description_html     text not null,
  starts_at            timestamptz not null,
  ends_at              timestamptz not null check (ends_at > starts_at),
  -- The IANA zone the organiser gave: what the page shows the times in, and the calendar's VTIMEZONE.
  time_zone            text not null,
  mode                 text not null check (mode in ('in_person', 'online', 'hybrid')),
  location             text,
  directions           text,
  -- Shown only to people who are going.
  online_url           text,
  -- Null: no limit. Places count a carer's +1.
  capacity             integer check (capacity is null or capacity >= 1),
  accessibility        jsonb not null default '{}'::jsonb,
  cancelled_at         timestamptz,
  -- The thread opened for the people who came, once it ended (after-event job).
  follow_up_thread_id  text references threads (id) on delete set null,
  -- Taken by the one run that opens the follow-up thread (the job and a retry, or the demo seed, cannot both).
  follow_up_claimed_at timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
create index events_community_starts_idx on events (community_id, starts_at);

-- Co-organisers beside the one who made it (who is always one): personas of members.
create table event_organisers (
  event_id   text not null references events (id) on delete cascade,
  persona_id text not null references personas (id) on delete cascade,
  primary key (event_id, persona_id)
);

-- Arrival order for the waitlist: a number from this sequence is taken when an answer becomes
-- "going" (or waitlisted), under the event's row lock, so the order is the order the database
-- decided them in.
create sequence event_rsvp_arrivals;

-- One answer per account and event, given as the persona the member chose for it (the one the
-- other people going see). "waitlisted" is the database's answer to a "going" that did not fit.
create table event_rsvps (
  event_id    text not null references events (id) on delete cascade,
  account_id  text not null references accounts (id) on delete cascade,
  persona_id  text not null references personas (id) on delete cascade,
  status      text not null check (status in ('going', 'waitlisted', 'maybe', 'not_going')),
  -- A carer bringing the person they care for: one more place.
  plus_one    boolean not null default false,
  arrival     bigint not null default nextval('event_rsvp_arrivals'),
  answered_at timestamptz not null default now(),
  primary key (event_id, account_id)
);
create index event_rsvps_waitlist_idx on event_rsvps (event_id, arrival) where status = 'waitlisted';
create index event_rsvps_account_idx on event_rsvps (account_id);

-- What organisers said to the people who answered (told to them as notifications).
create table event_messages (
  id         text primary key,
  event_id   text not null references events (id) on delete cascade,
  persona_id text not null references personas (id) on delete cascade,
  body       text not null,
  created_at timestamptz not null default now()
);
create index event_messages_event_idx on event_messages (event_id, created_at);
