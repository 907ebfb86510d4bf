-- Members forking together (issue 12, ADR 0048): where a community's charter sets
-- `forkSignatures`, a member proposes a fork and it is made once that many members have signed
-- (the proposer first). The proposer becomes the fork's owner; the rest is a fork as any other.
create table fork_proposals (
  id                  text primary key,
  community_id        text not null references communities (id) on delete cascade,
  proposer_account_id text not null references accounts (id) on delete cascade,
  slug                text not null,
  name                text not null,
  purpose             text,
  spaces              text[] not null,
  created_at          timestamptz not null default now(),
  -- Set when the signatures were enough and the fork was made.
  fork_community_id   text references communities (id) on delete set null,
  forked_at           timestamptz
);
create index fork_proposals_community_idx on fork_proposals (community_id, created_at desc);

-- One signature per account and proposal (the key decides, so two taps count once).
create table fork_proposal_signatures (
  proposal_id text not null references fork_proposals (id) on delete cascade,
  account_id  text not null references accounts (id) on delete cascade,
  signed_at   timestamptz not null default now(),
  primary key (proposal_id, account_id)
);
create index fork_proposal_signatures_account_idx on fork_proposal_signatures (account_id);
