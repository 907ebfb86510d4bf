-- Rate limits over a sliding window (ADR 25): one row per try that was let through, so
-- "at most N in any window length" is counted exactly. The fixed windows this replaces let
-- twice the limit through across a window's edge; their counts are not carried over.
create table rate_limit_hits (
  id  bigint generated always as identity primary key,
  key text not null,
  at  timestamptz not null
);
create index rate_limit_hits_key_at_idx on rate_limit_hits (key, at);
-- Old rows are removed as new ones are written (the longest window is an hour).
create index rate_limit_hits_at_idx on rate_limit_hits (at);

drop table rate_limit_windows;
