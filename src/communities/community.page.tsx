/** A community's own page: purpose, spaces, recent threads, charter and the honest-broker panel. */
import { ComingUp } from "../meetups/meetups.components.tsx";
import type { EventSummaryView } from "../meetups/meetups.service.ts";
import { Lineage } from "../forks/forks.components.tsx";
import type { LineageView } from "../forks/forks.presenter.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field, Notice, PersonaBadge, When } from "../web/components.tsx";
import { LIMITS } from "../shared/limits.ts";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { readableByAnyone, trustWords, type CommunityView } from "./communities.presenter.ts";
// Moderation (src/moderation): the moderators' "Reports (n)" link.
import { reportsLabel, reportsPath } from "../moderation/moderation.components.tsx";
import { useT } from "../web/i18n.ts";
import { withParts } from "../web/message-parts.tsx";
import { isClinicianNetwork, NETWORK_NO_SPACES, NetworkIsForClinicians, PairedClinicianSpaces, PairedWith } from "./clinician-network.parts.tsx";

export type { RecentThreadView as RecentThread } from "../discussion/discussion.service.ts";
import type { RecentThreadView as RecentThread } from "../discussion/discussion.service.ts";
import { OFFERED_LOCALES } from "../shared/i18n/locales.ts";
import { audienceMessage, forWhomMessage } from "../shared/audience.ts";
import type { SpaceVisibility } from "../db/schema.ts";
// The participation ladder (src/participation): a member's next small step here.
import { LadderSection, type LadderLinks, type LadderView } from "../participation/participation.components.tsx";
// Check-ins (src/checkins): the form members check in with from here.
import { CheckinForm } from "../checkins/checkins.components.tsx";
import type { TemplateView } from "../checkins/checkins.service.ts";
import type { CheckinAnswers } from "../shared/checkin-template.ts";


/** Whether the viewer runs the community (owners and moderators): the presenter's `can.manage`. */
export const manages = (community: CommunityView) => community.can?.manage === true;

export function DemoLabel() {
  const t = useT();
  return (
    <p class="demo-label">
      <strong class="tag">{t.text("home.demoTag")}</strong> {t.text("community.demoLabel")}
    </p>
  );
}

function Membership({ ctx, community }: { ctx: PageContext; community: CommunityView }) {
  const { t } = ctx;
  const base = `/c/${community.slug}`;
  const mine = community.myMembership;
  if (!isSignedIn(ctx.viewer)) {
    const signIn = <a href={`/signin?next=${encodeURIComponent(base)}`}>{t.text("community.signInLink")}</a>;
    if (isClinicianNetwork(community)) {
      const join = <a href={`/signup?next=${encodeURIComponent(base)}`}>{t.text("community.joinHearthLink")}</a>;
      return <p class="membership">{withParts(t, "community.toJoinIn", {}, { signIn, join })}</p>;
    }
    // One way in: the account and the membership (or the request to join) in one step.
    const signInToJoin = <a href={`/signin?next=${encodeURIComponent(base)}`}>{t.text("layout.navSignIn")}</a>;
    return (
      <div class="membership">
        <p>
          <a class="button" href={`/signup?join=${encodeURIComponent(community.slug)}`}>
            {t.text("community.createAndJoin", { policy: community.joinPolicy, community: community.name })}
          </a>
        </p>
        <p>{withParts(t, "community.alreadyOnHearth", {}, { signIn: signInToJoin })}</p>
      </div>
    );
  }
  if (mine?.status === "pending") {
    const notifications = <a href="/notifications">{t.text("community.notificationsLink")}</a>;
    return <p class="membership notice">{withParts(t, "community.pendingNotice", {}, { notifications })}</p>;
  }
  if (mine?.status === "member") {
    return <p class="membership">{t.text("community.youAre", { role: mine.role })}</p>;
  }
  if (!community.can?.join) return isClinicianNetwork(community) ? <NetworkIsForClinicians /> : null;
  const asking = community.joinPolicy === "approval";
  return (
    <form method="post" action={`${base}/join`} class="membership">
      <CsrfField token={ctx.csrfToken} />
      <p class="hint">{t.text(asking ? "community.joinHintApproval" : "community.joinHintOpen")}</p>
      {asking ? (
        <Field name="message" label={t.text("community.joinMessage")} hint={t.text("community.joinMessageHint")} multiline rows={3} maxLength={LIMITS.joinMessage} />
      ) : null}
      <button type="submit">{t.text(asking ? "space.askToJoin" : "space.joinCommunity")}</button>
    </form>
  );
}

const NO_SPACES: Record<string, string> = {
  member: "community.noSpacesMember",
  pending: "community.noSpacesPending",
  none: "community.noSpacesNone",
};

function Spaces({ community }: { community: CommunityView }) {
  const t = useT();
  const spaces = community.spaces ?? [];
  const locked = community.lockedSpaces ?? [];
  const base = `/c/${community.slug}`;
  const manage = community.can?.manage === true;
  const lockedFacts = (space: { visibility: SpaceVisibility }) => ({ visibility: space.visibility, readableByAnyone: readableByAnyone(community, space) });
  return (
    <section aria-labelledby="spaces-heading">
      <h2 id="spaces-heading">{t.text("community.spaces")}</h2>
      {spaces.length === 0 ? (
        <p>{t.text(isClinicianNetwork(community) ? NETWORK_NO_SPACES : (NO_SPACES[community.myMembership?.status ?? "none"] ?? NO_SPACES.none!))}</p>
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
                <strong>{t.text("spaces.whoCanRead")}</strong> {t.say(audienceMessage({ community: community.name, ...space }))}
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
                <strong>{t.say(forWhomMessage(lockedFacts(space)))}</strong> {t.text("community.cannotRead")} {t.say(audienceMessage({ community: community.name, ...lockedFacts(space) }))}
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
  const t = useT();
  return (
    <ul class="post-actions">
      <li>
        <a href={`${base}/spaces/${slug}/settings`}>
          {t.text("community.rename")}
          <span class="visually-hidden"> {name}</span>
        </a>
      </li>
      <li>
        <a href={`${base}/spaces/${slug}/delete`}>
          {t.text("thread.delete")}
          <span class="visually-hidden"> {name}</span>
        </a>
      </li>
    </ul>
  );
}

function RecentThreads({ threads, t }: { threads: RecentThread[]; t: Translator }) {
  if (threads.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">{t.text("community.recent")}</h2>
      <ul class="recent-threads">
        {threads.map((thread) => (
          <li>
            <a href={`/t/${thread.id}`}>{thread.title}</a>
            <p class="recent-meta">
              {thread.author ? <><PersonaBadge persona={thread.author} />{" "}</> : null}<span>{t.text("community.inSpace", { space: thread.space.name })}</span> ·{" "}
              <span>{t.text("threads.replyCount", { count: thread.replyCount })}</span> · <When iso={thread.lastPostedAt} prefix={t.text("community.lastPost")} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Charter({ community }: { community: CommunityView }) {
  const { conditions, rules, language } = community.charter;
  const t = useT();
  return (
    <section aria-labelledby="charter-heading" class="charter">
      <h2 id="charter-heading">{t.text("community.charter")}</h2>
      <h3>{t.text("community.whoFor")}</h3>
      {conditions.length === 0 ? (
        <p>{t.text("community.noConditions")}</p>
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
      <h3>{t.text("charter.rules")}</h3>
      {rules.length === 0 ? (
        <p>{t.text("community.noRules")}</p>
      ) : (
        <ol>
          {rules.map((rule) => (
            <li>{rule}</li>
          ))}
        </ol>
      )}
      {language ? (
        <>
          <h3>{t.text("charter.language")}</h3>
          <p>
            {/* Named in itself, as the footer's switcher names it. */}
            <span lang={language}>{OFFERED_LOCALES.find((l) => l.locale === language)?.name ?? language}</span>
          </p>
        </>
      ) : null}
    </section>
  );
}

/** The same panel, in the same place, on every community: people can judge whom they are trusting. */
export function HonestBroker({ community }: { community: CommunityView }) {
  const { charter } = community;
  const t = useT();
  // Written from the settings in the reader's language (the API carries the English in `trust`).
  const trust = community.stewards
    ? trustWords({ name: community.name, visibility: community.visibility, join_policy: community.joinPolicy, kind: community.kind ?? "community" }, community.stewards, t)
    : community.trust;
  return (
    <section id="honest-broker" class="honest-broker" aria-labelledby="honest-broker-heading">
      <h2 id="honest-broker-heading">{t.text("community.honestBrokerHeading")}</h2>
      <dl>
        <dt>{t.text("community.whoRuns")}</dt>
        <dd>
          <p>{trust?.whoRuns}</p>
          {community.stewards?.length ? (
            <ul class="stewards">
              {community.stewards.map((s) => (
                <li>
                  <PersonaBadge persona={s.persona} /> {t.text("community.stewardRole", { role: s.role })}
                </li>
              ))}
            </ul>
          ) : null}
        </dd>
        <dt>{t.text("charter.funding")}</dt>
        <dd>{charter.funding}</dd>
        <dt>{t.text("charter.businessModel")}</dt>
        <dd>{charter.businessModel}</dd>
        <dt>{t.text("community.dataUse")}</dt>
        <dd>{charter.dataUse}</dd>
        <dt>{t.text("charter.conflictsOfInterest")}</dt>
        <dd>{charter.conflictsOfInterest}</dd>
        <dt>{t.text("community.whoCanSee")}</dt>
        <dd>{trust?.whoCanSee}</dd>
      </dl>
      <p class="hint">{t.text("community.answersBy")}</p>
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>{t.text("community.moderationLog")}</a>
      </p>
    </section>
  );
}

/** After adding a space: `readable` false when the one who added it cannot read it (a clinicians' space, say). */
export type SpaceAdded = { name: string; readable: boolean };

export type CommunityCheckin = { template: TemplateView; values: CheckinAnswers; share: boolean; checkedInToday: boolean };

/** Checking in, one press from the community page (the questions already answered as last time). */
function CheckinSection({ ctx, slug, checkin }: { ctx: PageContext; slug: string; checkin: CommunityCheckin }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="checkin-heading" class="checkin">
      <h2 id="checkin-heading">{t.text("checkins.communityTitle")}</h2>
      <p class="hint">{t.text("checkins.communityLead")}</p>
      <CheckinForm slug={slug} template={checkin.template} values={checkin.values} share={checkin.share} checkedInToday={checkin.checkedInToday} csrfToken={ctx.csrfToken} />
      <p>
        <a href={`/c/${encodeURIComponent(slug)}/checkin`}>{t.text("checkins.seeHistory")}</a>
      </p>
    </section>
  );
}

export function CommunityPage(props: {
  ctx: PageContext;
  community: CommunityView;
  recent: RecentThread[];
  problem?: FormProblem | null;
  /** Open reports, for those who may moderate (src/moderation); null for everyone else. */
  openReports?: number | null;
  added?: SpaceAdded | null;
  /** For members: the check-in form's questions and starting answers (src/checkins). */
  checkin?: CommunityCheckin | null;
  /** For members: their own ladder of small steps (src/participation). */
  ladder?: { ladder: LadderView; links: LadderLinks } | null;
  /** Where it was forked from and its forks, as far as the viewer may see them (src/forks). */
  lineage?: LineageView | null;
  /** The next events the viewer may read (src/meetups). */
  events?: EventSummaryView[];
}) {
  const { ctx, community, recent, problem, added } = props;
  const { t } = ctx;
  const base = `/c/${community.slug}`;
  const member = community.myMembership?.status === "member";
  return (
    <Layout ctx={ctx} title={community.name} description={community.purpose.slice(0, 160)} community={community}>
      {/* One demo banner: the layout's, on every page of a server showing the demo; this one only where that is missing. */}
      {community.isDemo && !ctx.showingDemo ? <DemoLabel /> : null}
      <h1 dir="auto">{community.name}</h1>
      <FormErrorSummary problem={problem} labels={{}} />
      {added ? (
        <Notice>
          {t.text("community.spaceAdded", { space: added.name })}
          {added.readable ? "" : ` ${t.text("community.spaceAddedUnreadable")}`}
        </Notice>
      ) : null}
      <p class="lead purpose">{community.purpose}</p>
      <Lineage lineage={props.lineage ?? null} />
      <p class="skip-to-panel">
        <a href="#honest-broker">{t.text("community.honestBrokerHeading")}</a>
      </p>
      {/* Condition-aware content (ADR 39): the glossary and where to turn in a crisis. */}
      <nav aria-label={t.text("community.helpfulLinks")} class="community-links">
        <ul>
          <li>
            <a href={`${base}/questions`}>{t.text("questions.listHeading")}</a>
          </li>
          <li>
            <a href={`${base}/glossary`}>{t.text("glossary.heading")}</a>
          </li>
          <li>
            <a href={`${base}/help`}>{t.text("help.composerLink")}</a>
          </li>
          {member && community.charter.forkSignatures ? (
            <li>
              <a href={`${base}/fork-proposals`}>{t.text("community.proposalsLink")}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      <Membership ctx={ctx} community={community} />
      {manages(community) ? (
        <nav aria-label={t.text("community.runThis")} class="manage">
          <ul>
            <li>
              <a href={`${base}/settings`}>{t.text("community.editCharter")}</a>
            </li>
            <li>
              <a href={`${base}/settings/care`}>{t.text("care.manageLink")}</a>
            </li>
            {community.myMembership?.role === "owner" && community.myMembership.status === "member" ? (
              <li>
                <a href={`${base}/settings/archive`} download>
                  {t.text("archive.downloadLink")}
                </a>
              </li>
            ) : null}
            <li>
              <a href={`${base}/spaces/new`}>{t.text("community.addSpace")}</a>
            </li>
            <li>
              <a href={`${base}/members`}>{t.text("community.membersAndRequests")}</a>
            </li>
            <li>
              <a href={`${base}/forks/new`}>{t.text("fork.link")}</a>
            </li>
            {props.openReports !== null && props.openReports !== undefined ? (
              <li>
                <a href={reportsPath(community.slug)}>{reportsLabel(props.openReports)}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      {props.ladder ? <LadderSection ladder={props.ladder.ladder} links={props.ladder.links} /> : null}
      {props.checkin ? <CheckinSection ctx={ctx} slug={community.slug} checkin={props.checkin} /> : null}
      {props.events ? <ComingUp slug={community.slug} events={props.events} /> : null}
      <Spaces community={community} />
      <PairedClinicianSpaces community={community} />
      <RecentThreads threads={recent} t={t} />
      <Charter community={community} />
      {member ? (
        <section aria-labelledby="leave-heading" class="leave">
          <h2 id="leave-heading">{t.text("community.yourMembership")}</h2>
          <form method="post" action={`${base}/leave`}>
            <CsrfField token={ctx.csrfToken} />
            <p class="hint">{t.text("community.leaveHint", { policy: community.joinPolicy })}</p>
            <button type="submit" class="secondary">
              {t.text("community.leave")}
            </button>
          </form>
        </section>
      ) : null}
      <HonestBroker community={community} />
    </Layout>
  );
}
