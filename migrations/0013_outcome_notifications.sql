-- Being told what happened (issue 8, ADR 31), and verified names that stay verified.
--
-- Notifications about an outcome (a join request decided, a clinician application or
-- name review decided, a moderator's warning or hidden post, a break-glass request
-- waiting, an account revealed) are about no post: their post, thread and actor may be
-- empty. `source_key` names what the notification is about ("moderation:<action id>"),
-- once per account, so a retried job cannot tell anyone twice. `reason` is the reason
-- the decider gave, shown to the recipient; `subject_id` is the post or request it
-- links to (no foreign key: a deleted post leaves the notification its words).
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'reply', 'mention', 'thread_activity',
  'join_approved', 'join_declined',
  'clinician_approved', 'clinician_rejected', 'name_approved', 'name_rejected',
  'moderation_warning', 'post_hidden',
  'break_glass_waiting', 'account_revealed'));
alter table notifications alter column persona_id drop not null;
alter table notifications alter column community_id drop not null;
alter table notifications alter column thread_id drop not null;
alter table notifications alter column post_id drop not null;
alter table notifications alter column actor_persona_id drop not null;
alter table notifications add column source_key text;
alter table notifications add column reason text;
alter table notifications add column subject_id text;
alter table notifications add constraint notifications_about_something check (post_id is not null or source_key is not null);
create unique index notifications_once_per_source on notifications (account_id, source_key) where source_key is not null;

-- A clinician's application gives the name as it appears on the register, for the
-- reviewer to look up. A renamed professional persona goes back to review: a
-- verification row of purpose 'name' (it copies the current registration), and the
-- persona's badge is paused (verified_until cleared) from `name_review_since` until a
-- reviewer confirms the name.
alter table clinician_verifications add column register_name text;
alter table clinician_verifications add column purpose text not null default 'application' check (purpose in ('application', 'name'));
alter table personas add column name_review_since timestamptz;
