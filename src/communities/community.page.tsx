/** A community's own page: purpose, spaces, recent threads, charter and the honest-broker panel. */
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, PersonaBadge, When } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView } from "./communities.presenter.ts";
import { isClinicianNetwork, NETWORK_NO_SPACES, NetworkIsForClinicians, PairedClinicianSpaces, PairedWith } from "./clinician-network.parts.tsx";

export type { RecentThreadView as RecentThread } from "../discussion/discussion.service.ts";
import type { RecentThreadView as RecentThread } from "../discussion/discussion.service.ts";

export const HONEST_BROKER_HEADING = "Who runs this, who pays for it, what happens to your data";

const VISIBILITY_WORDS: Record<CommunityView["visibility"], string> = {
  public: "Anyone can find this community and read its public spaces.",
  members: "Anyone can find this community, but only its members can read what is written in it.",
  hidden: "This community is hidden: only its members know it exists.",
};

const JOIN_WORDS: Record<CommunityView["joinPolicy"], string> = {
  open: "Anyone with a Hearth account can join straight away.",
  approval: "A moderator looks at each request to join.",
};

/** Whether the viewer runs the community (owners and moderators). */
export const manages = (community: CommunityView) =>
  community.myMembership?.status === "member" && (community.myMembership.role === "owner" || community.myMembership.role === "moderator");

const ROLE_WORDS: Record<string, string> = { owner: "an owner", moderator: "a moderator", member: "a member" };

export function DemoLabel() {
  return (
    <p class="demo-label">
      <strong class="tag">Demo</strong> A made-up community to show how Hearth works. The people and posts are not real and nothing here is medical advice.
    </p>
  );
}

function Membership({ ctx, community }: { ctx: PageContext; community: CommunityView }) {
  const base = `/c/${community.slug}`;
  const mine = community.myMembership;
  if (!isSignedIn(ctx.viewer)) {
    return (
      <p class="membership">
        To join in, <a href={`/signin?next=${encodeURIComponent(base)}`}>sign in</a> or <a href={`/signup?next=${encodeURIComponent(base)}`}>join Hearth</a>.
      </p>
    );
  }
  if (mine?.status === "pending") {
    return (
      <p class="membership notice">
        Your request to join is waiting for a moderator. What happens next: when they decide, you will see it on your <a href="/notifications">notifications</a>{" "}
        page (and by email, if your account has one).
      </p>
    );
  }
  if (mine?.status === "member") {
    return <p class="membership">You are {ROLE_WORDS[mine.role] ?? "a member"} of this community.</p>;
  }
  if (isClinicianNetwork(community) && !ctx.viewer.isVerifiedClinician) return <NetworkIsForClinicians />;
  const asking = community.joinPolicy === "approval";
  return (
    <form method="post" action={`${base}/join`} class="membership">
      <CsrfField token={ctx.csrfToken} />
      <p class="hint">{asking ? "A moderator will look at your request. You can read and write in members' spaces once they say yes." : "You can read and write in members' spaces as soon as you join."}</p>
      <button type="submit">{asking ? "Ask to join" : "Join this community"}</button>
    </form>
  );
}

const NO_SPACES: Record<string, string> = {
  member: "There are no spaces you can read here yet.",
  pending: "What is written here is only for members. You can read it once a moderator says yes.",
  none: "What is written here is only for members. Join to read it.",
};

function Spaces({ community }: { community: CommunityView }) {
  const spaces = community.spaces ?? [];
  return (
    <section aria-labelledby="spaces-heading">
      <h2 id="spaces-heading">Spaces</h2>
      {spaces.length === 0 ? (
        <p>{isClinicianNetwork(community) ? NETWORK_NO_SPACES : (NO_SPACES[community.myMembership?.status ?? "none"] ?? NO_SPACES.none)}</p>
      ) : (
        <ul class="card-list">
          {spaces.map((space) => (
            <li class="card">
              <h3>
                <a href={`/c/${community.slug}/s/${space.slug}`}>{space.name}</a>
              </h3>
              {space.description ? <p>{space.description}</p> : null}
              <PairedWith space={space} />
              <p class="audience-line">
                <strong>Who can read this:</strong> {space.audience}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentThreads({ threads }: { threads: RecentThread[] }) {
  if (threads.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent conversations</h2>
      <ul class="recent-threads">
        {threads.map((thread) => (
          <li>
            <a href={`/t/${thread.id}`}>{thread.title}</a>
            <p class="recent-meta">
              <PersonaBadge persona={thread.author} /> <span>in {thread.space.name}</span> ·{" "}
              <span>{thread.replyCount === 1 ? "1 reply" : `${thread.replyCount} replies`}</span> · <When iso={thread.lastPostedAt} prefix="last post" />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Charter({ community }: { community: CommunityView }) {
  const { conditions, rules } = community.charter;
  return (
    <section aria-labelledby="charter-heading" class="charter">
      <h2 id="charter-heading">Charter</h2>
      <h3>Who it is for</h3>
      {conditions.length === 0 ? (
        <p>The community has not listed particular conditions.</p>
      ) : (
        <ul>
          {conditions.map((c) => (
            <li>
              {c.name}
              {c.code && c.system ? (
                <>
                  {" "}
                  <span class="code">
                    ({c.system === "icd-10" ? "ICD-10" : "SNOMED CT"} <code>{c.code}</code>)
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h3>Rules</h3>
      {rules.length === 0 ? (
        <p>The community has not written rules yet.</p>
      ) : (
        <ol>
          {rules.map((rule) => (
            <li>{rule}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The same panel, in the same place, on every community: people can judge whom they are trusting. */
export function HonestBroker({ community }: { community: CommunityView }) {
  const { charter } = community;
  return (
    <section id="honest-broker" class="honest-broker" aria-labelledby="honest-broker-heading">
      <h2 id="honest-broker-heading">{HONEST_BROKER_HEADING}</h2>
      <dl>
        <dt>Who runs it</dt>
        <dd>
          {community.stewards?.length ? (
            <ul class="stewards">
              {community.stewards.map((s) => (
                <li>
                  <PersonaBadge persona={s.persona} /> {s.role === "owner" ? "(owner)" : "(moderator)"}
                </li>
              ))}
            </ul>
          ) : (
            "Nobody is running this community at the moment."
          )}
        </dd>
        <dt>Who pays for it</dt>
        <dd>{charter.funding}</dd>
        <dt>How it keeps going</dt>
        <dd>{charter.businessModel}</dd>
        <dt>What happens to your data</dt>
        <dd>{charter.dataUse}</dd>
        <dt>Conflicts of interest</dt>
        <dd>{charter.conflictsOfInterest}</dd>
        <dt>Who can see it</dt>
        <dd>
          {VISIBILITY_WORDS[community.visibility]} {JOIN_WORDS[community.joinPolicy]}
        </dd>
      </dl>
      <p class="hint">The people who run the community wrote these answers. Hearth keeps every earlier version of the charter.</p>
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>Moderation log: what moderators did here, and why</a>
      </p>
    </section>
  );
}

export function CommunityPage(props: { ctx: PageContext; community: CommunityView; recent: RecentThread[]; problem?: FormProblem | null }) {
  const { ctx, community, recent, problem } = props;
  const base = `/c/${community.slug}`;
  const member = community.myMembership?.status === "member";
  return (
    <Layout ctx={ctx} title={community.name} description={community.purpose.slice(0, 160)}>
      {community.isDemo ? <DemoLabel /> : null}
      <h1>{community.name}</h1>
      <FormErrorSummary problem={problem} labels={{}} />
      <p class="lead purpose">{community.purpose}</p>
      <p class="skip-to-panel">
        <a href="#honest-broker">{HONEST_BROKER_HEADING}</a>
      </p>
      <Membership ctx={ctx} community={community} />
      {manages(community) ? (
        <nav aria-label="Run this community" class="manage">
          <ul>
            <li>
              <a href={`${base}/settings`}>Edit the charter</a>
            </li>
            <li>
              <a href={`${base}/spaces/new`}>Add a space</a>
            </li>
            <li>
              <a href={`${base}/members`}>Members and requests</a>
            </li>
          </ul>
        </nav>
      ) : null}
      <Spaces community={community} />
      <PairedClinicianSpaces community={community} />
      <RecentThreads threads={recent} />
      <Charter community={community} />
      {member ? (
        <section aria-labelledby="leave-heading" class="leave">
          <h2 id="leave-heading">Your membership</h2>
          <form method="post" action={`${base}/leave`}>
            <CsrfField token={ctx.csrfToken} />
            <p class="hint">
              If you leave, what you have written stays. You can {community.joinPolicy === "approval" ? "ask to join again" : "join again"} later.
            </p>
            <button type="submit" class="secondary">
              Leave this community
            </button>
          </form>
        </section>
      ) : null}
      <HonestBroker community={community} />
    </Layout>
  );
}
