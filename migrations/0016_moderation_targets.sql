-- A hidden post shows its author the moderator's reason (ADR 31): the thread page looks up
-- the newest action on each hidden post by its target, through this index rather than by
-- reading the community's whole log (the plan tests, ADR 33).
create index moderation_actions_target_idx on moderation_actions (target_type, target_id, created_at desc);
