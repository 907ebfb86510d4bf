-- Clinician boundaries and the clinicians' network.

-- Boundaries belong to a clinician persona, not to the account: a professional and an
-- anonymous persona of one person each state their own, so the same words on both
-- are never copied across by the server (which would link them).
-- accepts_patient_messages is a stated boundary now; direct messages enforce it when they arrive.
alter table personas add column accepts_patient_messages boolean not null default false;
alter table personas add column availability text check (availability is null or char_length(availability) <= 200);

-- What a community is: an ordinary community, or the server's one cross-community
-- clinicians' network (a community of practice that a host turns on).
alter table communities add column kind text not null default 'community' check (kind in ('community', 'clinician_network'));
create unique index communities_one_clinician_network on communities (kind) where kind = 'clinician_network';

-- The "dumbbell": a clinicians' space in the network paired with a patient community,
-- whose page then points its readers to the clinicians who support it.
alter table spaces add column paired_community_id text references communities (id) on delete set null;
create index spaces_paired_community_idx on spaces (paired_community_id) where paired_community_id is not null;
