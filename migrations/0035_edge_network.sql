-- Edge networks (issue 14, ADR 0049): expertise, questions routed to the people most likely
-- to answer them, answers accepted and marked helpful.

-- A community's vocabulary of topics. A topic is kept by its key (topics.ts: NFKC, lower case,
-- single spaces); a synonym names another key that means the same here ("chronic obstructive
-- pulmonary disease" → "copd"), so questions and expertise meet on one key. A topic may name
-- one of the charter's condition codes (a short name, as charter.ts keeps them).
create table community_topics (
  community_id   text not null references communities (id) on delete cascade,
  topic_key      text not null,
  label          text not null,
  condition_code text,
  created_at     timestamptz not null default now(),
  primary key (community_id, topic_key)
);

create table community_topic_synonyms (
  community_id text not null,
  synonym_key  text not null,
  topic_key    text not null,
  primary key (community_id, synonym_key),
  foreign key (community_id, topic_key) references community_topics (community_id, topic_key) on delete cascade
);

-- What one persona says it knows, and on what basis: clinical (a clinician persona with a current
-- badge only), lived, or both. It belongs to that persona alone: a member's other personas hold
-- their own, or none. `routing` off means no question is ever routed to it; `weekly_limit` is how
-- many questions it may be asked in seven days (a boundary the member sets).
create table persona_expertise (
  persona_id   text primary key references personas (id) on delete cascade,
  basis        text not null check (basis in ('clinical', 'lived', 'both')),
  routing      boolean not null default true,
  weekly_limit integer not null default 3 check (weekly_limit between 1 and 20),
  updated_at   timestamptz not null default now()
);

create table persona_expertise_topics (
  persona_id text not null references persona_expertise (persona_id) on delete cascade,
  topic_key  text not null,
  primary key (persona_id, topic_key)
);
create index persona_expertise_topics_topic_idx on persona_expertise_topics (topic_key, persona_id);

-- Members (and verified clinicians) vouching for an expert patient's persona: one per endorsing
-- account, shown as counts only. `by_clinician`: the endorser used a verified clinician persona.
create table expertise_endorsements (
  persona_id          text not null references personas (id) on delete cascade,
  endorser_account_id text not null references accounts (id) on delete cascade,
  endorser_persona_id text not null references personas (id) on delete cascade,
  by_clinician        boolean not null,
  created_at          timestamptz not null default now(),
  primary key (persona_id, endorser_account_id)
);
create index expertise_endorsements_endorser_idx on expertise_endorsements (endorser_account_id);

-- A question is a thread with topics. `round` counts the routings (the first on posting, then
-- each timed re-route), so a re-route job for a round already past does nothing. `exhausted_at`:
-- nobody suitable was left to ask, and the asker was told. The first answer (a reply from another
-- account) is kept with who gave it, for the community's response times.
create table questions (
  thread_id        text primary key references threads (id) on delete cascade,
  community_id     text not null references communities (id) on delete cascade,
  status           text not null default 'open' check (status in ('open', 'closed')),
  accepted_post_id text references posts (id) on delete set null,
  accepted_at      timestamptz,
  round            integer not null default 0,
  routed_count     integer not null default 0,
  exhausted_at     timestamptz,
  first_answer_at  timestamptz,
  first_answer_by  text check (first_answer_by in ('clinician', 'expert_patient', 'member')),
  created_at       timestamptz not null default now(),
  closed_at        timestamptz
);
create index questions_community_created_idx on questions (community_id, created_at desc);
create index questions_accepted_post_idx on questions (accepted_post_id) where accepted_post_id is not null;

create table question_topics (
  thread_id    text not null references questions (thread_id) on delete cascade,
  community_id text not null,
  topic_key    text not null,
  primary key (thread_id, topic_key)
);
create index question_topics_community_topic_idx on question_topics (community_id, topic_key, thread_id);

-- Who was asked: once per account and question, whichever persona was asked. Never shown to
-- anyone but the person asked; the asker sees the count on `questions`.
create table question_routes (
  thread_id  text not null references questions (thread_id) on delete cascade,
  account_id text not null references accounts (id) on delete cascade,
  persona_id text not null references personas (id) on delete cascade,
  round      integer not null,
  asked_at   timestamptz not null default now(),
  state      text not null default 'asked' check (state in ('asked', 'passed', 'answered')),
  primary key (thread_id, account_id)
);
create index question_routes_account_idx on question_routes (account_id, asked_at desc);
create index question_routes_persona_idx on question_routes (persona_id);

-- A persona's latest posts, for how recently a candidate answerer was active.
create index posts_author_recent_idx on posts (author_persona_id, created_at desc);

-- Three new kinds of notification, of the new type `questions`:
-- `question_routed` (a question you may be able to answer; 'question-routed:<thread>'),
-- `answer_accepted` (the asker accepted your answer; 'answer-accepted:<post>'),
-- `question_unanswered` (to the asker: nobody suitable is left to ask; 'question-exhausted:<thread>').
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'reply', 'mention', 'thread_activity',
  'followed_thread', 'followed_space', 'followed_persona', 'new_follower', 'reactions',
  'poll_closed', 'welcome',
  'event_promoted', 'event_changed', 'event_cancelled', 'event_message', 'event_reminder',
  'question_routed', 'answer_accepted', 'question_unanswered',
  'join_approved', 'join_declined',
  'clinician_approved', 'clinician_rejected', 'name_approved', 'name_rejected',
  'moderation_warning', 'post_hidden',
  'break_glass_waiting', 'account_revealed',
  'fork_consent', 'fork_invitation'));
