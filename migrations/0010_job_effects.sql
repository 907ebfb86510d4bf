-- What a background job has already done outside the database, so that a job run again
-- (a retry after a failure, or after a crash) does not do it twice (ADR 22).
--
-- job_key names the job: its pg-boss id, which stays the same across retries.
-- effect names one thing it did, e.g. 'mail:' and the SHA-256 of the address a mail
-- went to: no address is copied here.
create table job_effects (
  job_key text not null,
  effect  text not null,
  done_at timestamptz not null default now(),
  primary key (job_key, effect)
);
-- Rows older than any job could still be retried (30 days) are removed as new ones are written.
create index job_effects_done_at_idx on job_effects (done_at);
