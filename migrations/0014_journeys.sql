-- Taking things back, and a word with a request to join (issue 8).

-- Earlier titles of a thread, kept like a post's earlier bodies (post_revisions): the
-- author and the community's moderators can read them.
create table thread_title_revisions (
  id           text primary key,
  community_id text not null references communities (id) on delete cascade,
  thread_id    text not null references threads (id) on delete cascade,
  title        text not null,
  created_at   timestamptz not null default now()
);
create index thread_title_revisions_thread_idx on thread_title_revisions (thread_id, created_at);

-- Set when the opening post of a thread is deleted while replies remain: the thread
-- stays for the replies, but its title is emptied (so search cannot find it) and its
-- author is no longer shown anywhere.
alter table threads add column opening_deleted_at timestamptz;

-- What someone asking to join wrote to the community's managers (shown only to them);
-- emptied when the request is decided.
alter table memberships add column request_message text;
