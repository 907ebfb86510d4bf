-- After an event (issue 13, ADR 0045): "we met" connections and the ladder's step of coming.

-- One person's word that they met another at an event, each by the persona they answered as.
-- It is a connection once both have said it (the row each way); it is seen only by the two.
create table event_connections (
  event_id        text not null references events (id) on delete cascade,
  from_account_id text not null references accounts (id) on delete cascade,
  from_persona_id text not null references personas (id) on delete cascade,
  to_persona_id   text not null references personas (id) on delete cascade,
  created_at      timestamptz not null default now(),
  primary key (event_id, from_account_id, to_persona_id)
);
create index event_connections_to_idx on event_connections (to_persona_id);

-- Coming to an event is a step on the participation ladder, marked when it ends for those going.
alter table participation_steps drop constraint participation_steps_step_check;
alter table participation_steps add constraint participation_steps_step_check
  check (step in ('read', 'react', 'checkin', 'reply', 'thread', 'event', 'helped'));
