/** A community's own page: purpose, spaces, recent threads, charter and the honest-broker panel. */
import type { Translator } from "../shared/i18n/translator.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field, Notice, PersonaBadge, When } from "../web/components.tsx";
import { LIMITS } from "../shared/limits.ts";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView } from "./communities.presenter.ts";
// Moderation (src/moderation): the moderators' "Reports (n)" link.
import { reportsLabel, reportsPath } from "../moderation/moderation.components.tsx";
import { isClinicianNetwork, NETWORK_NO_SPACES, NetworkIsForClinicians, PairedClinicianSpaces, PairedWith } from "./clinician-network.parts.tsx";

export type { RecentThreadView as RecentThread } from "../discussion/discussion.service.ts";
import type { RecentThreadView as RecentThread } from "../discussion/discussion.service.ts";

export const HONEST_BROKER_HEADING = "Who runs this, who pays for it, what happens to your data";

/** Whether the viewer runs the community (owners and moderators): the presenter's `can.manage`. */
export const manages = (community: CommunityView) => community.can?.manage === true;

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
    if (isClinicianNetwork(community)) {
      return (
        <p class="membership">
          To join in, <a href={`/signin?next=${encodeURIComponent(base)}`}>sign in</a> or <a href={`/signup?next=${encodeURIComponent(base)}`}>join Hearth</a>.
        </p>
      );
    }
    // One way in: the account and the membership (or the request to join) in one step.
    return (
      <div class="membership">
        <p>
          <a class="button" href={`/signup?join=${encodeURIComponent(community.slug)}`}>
            {community.joinPolicy === "approval" ? "Create an account and ask to join" : "Create an account and join"} {community.name}
          </a>
        </p>
        <p>
          Already on Hearth? <a href={`/signin?next=${encodeURIComponent(base)}`}>Sign in</a> to join.
        </p>
      </div>
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
  if (!community.can?.join) return isClinicianNetwork(community) ? <NetworkIsForClinicians /> : null;
  const asking = community.joinPolicy === "approval";
  return (
    <form method="post" action={`${base}/join`} class="membership">
      <CsrfField token={ctx.csrfToken} />
      <p class="hint">{asking ? "A moderator will look at your request. You can read and write in members' spaces once they say yes." : "You can read and write in members' spaces as soon as you join."}</p>
      {asking ? (
        <Field
          name="message"
          label="A word to the moderators (optional)"
          hint="Say why you would like to join, if you wish. Only the community's owners and moderators read it."
          multiline
          rows={3}
          maxLength={LIMITS.joinMessage}
        />
      ) : null}
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
  const locked = community.lockedSpaces ?? [];
  const base = `/c/${community.slug}`;
  const manage = community.can?.manage === true;
  return (
    <section aria-labelledby="spaces-heading">
      <h2 id="spaces-heading">Spaces</h2>
      {spaces.length === 0 ? (
        <p>{isClinicianNetwork(community) ? NETWORK_NO_SPACES : (NO_SPACES[community.myMembership?.status ?? "none"] ?? NO_SPACES.none)}</p>
      ) : null}
      {spaces.length + locked.length > 0 ? (
        <ul class="card-list">
          {spaces.map((space) => (
            <li class="card">
              <h3>
                <a href={`${base}/s/${space.slug}`}>{space.name}</a>
              </h3>
              {space.description ? <p>{space.description}</p> : null}
              <PairedWith space={space} />
              <p class="audience-line">
                <strong>Who can read this:</strong> {space.audience}
              </p>
              {manage ? <SpaceManageLinks base={base} slug={space.slug} name={space.name} /> : null}
            </li>
          ))}
          {/* Spaces the viewer cannot read: their name and who they are for, never their threads (ADR 0032). */}
          {locked.map((space) => (
            <li class="card locked-space">
              <h3>
                <span class="lock" aria-hidden="true">
                  🔒
                </span>{" "}
                {space.name}
              </h3>
              <p class="audience-line">
                <strong>{space.forWhom}</strong> (you can't read it). {space.audience}
              </p>
              {space.can.manage ? <SpaceManageLinks base={base} slug={space.slug} name={space.name} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function SpaceManageLinks({ base, slug, name }: { base: string; slug: string; name: string }) {
  return (
    <ul class="post-actions">
      <li>
        <a href={`${base}/spaces/${slug}/settings`}>
          Rename<span class="visually-hidden"> {name}</span>
        </a>
      </li>
      <li>
        <a href={`${base}/spaces/${slug}/delete`}>
          Delete<span class="visually-hidden"> {name}</span>
        </a>
      </li>
    </ul>
  );
}

function RecentThreads({ threads, t }: { threads: RecentThread[]; t: Translator }) {
  if (threads.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent conversations</h2>
      <ul class="recent-threads">
        {threads.map((thread) => (
          <li>
            <a href={`/t/${thread.id}`}>{thread.title}</a>
            <p class="recent-meta">
              {thread.author ? <><PersonaBadge persona={thread.author} />{" "}</> : null}<span>in {thread.space.name}</span> ·{" "}
              <span>{t.text("threads.replyCount", { count: thread.replyCount })}</span> · <When iso={thread.lastPostedAt} prefix="last post" />
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
          <p>{community.trust?.whoRuns}</p>
          {community.stewards?.length ? (
            <ul class="stewards">
              {community.stewards.map((s) => (
                <li>
                  <PersonaBadge persona={s.persona} /> {s.role === "owner" ? "(owner)" : "(moderator)"}
                </li>
              ))}
            </ul>
          ) : null}
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
        <dd>{community.trust?.whoCanSee}</dd>
      </dl>
      <p class="hint">The people who run the community wrote these answers. Hearth keeps every earlier version of the charter.</p>
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>Moderation log: what moderators did here, and why</a>
      </p>
    </section>
  );
}

/** After adding a space: `readable` false when the one who added it cannot read it (a clinicians' space, say). */
export type SpaceAdded = { name: string; readable: boolean };

export function CommunityPage(props: {
  ctx: PageContext;
  community: CommunityView;
  recent: RecentThread[];
  problem?: FormProblem | null;
  /** Open reports, for those who may moderate (src/moderation); null for everyone else. */
  openReports?: number | null;
  added?: SpaceAdded | null;
}) {
  const { ctx, community, recent, problem, added } = props;
  const base = `/c/${community.slug}`;
  const member = community.myMembership?.status === "member";
  return (
    <Layout ctx={ctx} title={community.name} description={community.purpose.slice(0, 160)}>
      {/* One demo banner: the layout's, on every page of a server showing the demo; this one only where that is missing. */}
      {community.isDemo && !ctx.showingDemo ? <DemoLabel /> : null}
      <h1>{community.name}</h1>
      <FormErrorSummary problem={problem} labels={{}} />
      {added ? (
        <Notice>
          You added the space {added.name}.
          {added.readable ? "" : " You are not part of the audience it is for, so you cannot open it or read what is written there. You can still rename it or delete it below."}
        </Notice>
      ) : null}
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
            {props.openReports !== null && props.openReports !== undefined ? (
              <li>
                <a href={reportsPath(community.slug)}>{reportsLabel(props.openReports)}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      <Spaces community={community} />
      <PairedClinicianSpaces community={community} />
      <RecentThreads threads={recent} t={ctx.t} />
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
