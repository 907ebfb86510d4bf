/**
 * Moderation without unmasking. Moderators hide posts and threads, warn, suspend and
 * ban personas; a sanction reaches the account behind the persona (so every persona
 * of it is stopped in that community) without the moderator learning which account
 * it is: the account id is looked up and used here, and never leaves through a
 * presenter. Every action goes to the community's public log and, when it is about a
 * member, to that member's audit log.
 */
import type { Db } from "../db/connection.ts";
import type { FlagReason, ModerationActionKind, ModerationTargetType } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { RateLimiter } from "../db/rate-limiter.ts";
import type { RateLimitRule } from "../shared/rate-limits.ts";
import { conflict, forbidden, invalid, invalidFields, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { LIMITS } from "../shared/limits.ts";
import { unsafeTextProblem } from "../shared/text.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { insertAuditEntry, type AuditAction } from "./audit.repo.ts";
import * as policy from "./moderation.policy.ts";
import { requireSecondFactorFor, secondFactorAllows } from "../shared/second-factor.ts";
import { findCrisisLanguage } from "../shared/condition-content.ts";
import { presentFlag, presentLogEntry, presentReport, type FlagView, type LogEntryView, type ReportView } from "./moderation.presenter.ts";
import * as repo from "./moderation.repo.ts";
import { checkFlagInput, checkReason, checkUntil, FLAG_REASONS, type FlagInput } from "./moderation-input.ts";

export { MAX_SUSPENSION_DAYS, checkUntil, type FlagInput } from "./moderation-input.ts";
import { findActiveSanction, insertSanction, liftSanctionsOfPersona } from "./sanctions.repo.ts";
import { sanctionError } from "./sanctions.policy.ts";

/** Flags per account: plenty for a person reporting what they read, too few to sweep ids with. */
export const FLAG_LIMIT: RateLimitRule = { name: "flag", limit: 20, windowSeconds: 60 * 60 };

export type ActionInput = {
  flagId?: string | null;
  targetType: ModerationTargetType;
  targetId: string;
  action: ModerationActionKind;
  reason: string;
  /** The community a persona is acted on in (posts and threads carry their own). */
  community?: string | null;
  /** When a suspension ends: a date (YYYY-MM-DD, the day it ends) or a date and time. */
  until?: string | null;
  /**
   * With "hide" on the opening post of a thread: hide the thread too, so its title leaves
   * the thread page, the community's lists and search (a second entry in the log).
   */
  alsoHideThread?: boolean;
};

/** A report from the Report form: the flag's reason, and details (needed for "other"). */
export type ReportInput = {
  targetType: string;
  targetId: string;
  reason: string;
  details?: string | null;
  community?: string | null;
};


/** A warning or a hiding, as the member it is about is told of it. */
export type ActionNotice = {
  accountId: string;
  personaId: string;
  communityId: string;
  kind: "warning" | "hidden";
  targetType: ModerationTargetType;
  targetId: string;
  /** The thread of a hidden post or thread, to link to. */
  threadId: string | null;
  reason: string;
  at: Date;
};

/** A target the viewer may act on, with the community it is in. */
type Resolved = { target: Omit<repo.Target, "community_visibility" | "space_visibility">; communityId: string };

export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    rateLimits = true,
  ) {
    this.limiter = new RateLimiter(db, rateLimits);
  }

  private readonly limiter: RateLimiter;

  /** Takes one moderation action; the answer is the entry it added to the public log. */
  async act(viewer: Viewer, input: ActionInput): Promise<LogEntryView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const reason = checkReason(input.reason);
    if (!policy.TARGETS_OF[input.action].has(input.targetType)) {
      throw invalid("targetType", msg("problem.moderation.actionNotForTarget", { action: input.action, targetType: input.targetType }));
    }
    const until = checkUntil(input.action, input.until);
    if (input.action === "dismiss" && !input.flagId) throw invalid("flagId", msg("problem.moderation.whichFlag"));
    if (input.alsoHideThread && (input.action !== "hide" || input.targetType !== "post")) {
      throw invalid("alsoHideThread", msg("problem.moderation.alsoHideThreadOnlyOpening"));
    }
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const { target, communityId } = await this.resolve(trx, viewer, input, "act");
      requireSecondFactorFor(viewer);
      if (!policy.mayActOnAccount(viewer, target.account_id, input.action)) throw forbidden(msg("error.moderation.cannotActOnMember"));
      if (input.flagId) await this.closeFlag(trx, input, communityId);
      await repo.insertAction(trx, {
        id,
        community_id: communityId,
        flag_id: input.flagId ?? null,
        target_type: target.type,
        target_id: target.id,
        target_persona_id: target.persona_id,
        action: input.action,
        reason,
        until,
        actor_account_id: viewer.accountId,
      });
      await this.apply(trx, input.action, target, communityId, id, until);
      if (input.action !== "dismiss") await tellTheMember(trx, viewer, input.action, target, { communityId, actionId: id, reason, until });
      await this.events.publish(trx, { type: "moderation.action_taken", communityId, actionId: id });
      if (input.alsoHideThread) await this.hideThreadOpenedBy(trx, viewer, target, communityId, reason);
    });
    return presentLogEntry((await repo.findLogEntry(this.db, id))!);
  }

  /**
   * Hides the thread an opening post began, in the same transaction as hiding the post:
   * its own entry in the log, with the same reason. A reply is refused (nothing is
   * hidden); a thread already hidden is left as it is.
   */
  private async hideThreadOpenedBy(trx: Db, viewer: SignedInViewer, post: Resolved["target"], communityId: string, reason: string) {
    const opened = await repo.threadOpenedBy(trx, post.id);
    if (!opened) throw invalid("alsoHideThread", msg("problem.moderation.alsoHideThreadReply"));
    if (opened.hidden_at !== null) return;
    const thread = (await repo.findThreadTarget(trx, opened.thread_id))!;
    const id = newId();
    await repo.insertAction(trx, {
      id,
      community_id: communityId,
      flag_id: null,
      target_type: "thread",
      target_id: thread.id,
      target_persona_id: thread.persona_id,
      action: "hide",
      reason,
      until: null,
      actor_account_id: viewer.accountId,
    });
    await repo.setThreadHidden(trx, thread.id, new Date());
    await tellTheMember(trx, viewer, "hide", thread, { communityId, actionId: id, reason, until: null });
    await this.events.publish(trx, { type: "moderation.action_taken", communityId, actionId: id });
  }

  /**
   * What the member acted on is told (notifications.job.ts): a warning, or a post or thread
   * hidden, with the reason. The account is the one behind the persona acted on; it never
   * leaves the server, and the moderator is not named (ADR 11, ADR 31). Null for the rest.
   */
  async actionForNotice(actionId: string): Promise<ActionNotice | null> {
    const row = await repo.findActionForNotice(this.db, actionId);
    if (!row || (row.action !== "warn" && row.action !== "hide")) return null;
    const threadId = row.target_type === "thread" ? row.target_id : row.target_type === "post" ? row.post_thread_id : null;
    return {
      accountId: row.account_id,
      personaId: row.target_persona_id,
      communityId: row.community_id,
      kind: row.action === "warn" ? "warning" : "hidden",
      targetType: row.target_type,
      targetId: row.target_id,
      threadId,
      reason: row.reason,
      at: row.created_at,
    };
  }

  /** The community's public moderation log, newest first: whoever can see the community can read it. */
  async log(viewer: Viewer, slug: string, cursor?: string, limit = 50): Promise<Page<LogEntryView>> {
    const { community } = await this.communities.access(viewer, slug);
    const rows = await repo.listLog(this.db, community.id, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentLogEntry);
  }

  /**
   * The safeguarding job (ADR 39): when a post holds crisis language, one alert in its
   * community's queue, with an urgency. Idempotent (one per post, kept by alert_key);
   * a deleted or missing post raises nothing. Nothing here holds the post back.
   */
  async raiseSafeguardingAlert(postId: string): Promise<boolean> {
    const post = await repo.findPostForAlert(this.db, postId);
    if (!post || post.deleted_at) return false;
    const found = findCrisisLanguage(post.opening ? `${post.title}\n${post.body}` : post.body, post.charter.crisisPhrases);
    if (!found) return false;
    return this.db.transaction().execute(async (trx) => {
      const id = newId();
      const wrote = await repo.insertSafeguardingAlert(trx, {
        id,
        community_id: post.community_id,
        target_id: post.id,
        target_persona_id: post.author_persona_id,
        urgency: found.urgency,
        // The phrases, for the moderators; the note is all they are told besides the post itself.
        note: found.phrases.map((p) => `“${p}”`).join(", "),
      });
      if (wrote) await this.events.publish(trx, { type: "flag.created", communityId: post.community_id, flagId: id });
      return wrote;
    });
  }

  /** Open flags, oldest first, for the community's moderators. Who raised a flag is never shown. */
  async queue(viewer: Viewer, slug: string, cursor?: string, limit = 50): Promise<Page<FlagView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!policy.canModerate(viewer, this.communities.manages(membership))) throw forbidden(msg("error.moderation.queueManagersOnly"));
    requireSecondFactorFor(viewer);
    const rows = await repo.listOpenFlags(this.db, community.id, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentFlag);
  }

  /**
   * The moderators' Reports page: open flags, oldest first, each with what it is about
   * as moderators read it (hidden words included) and what they may do. Like the queue,
   * never who sent a report.
   */
  async reports(viewer: Viewer, slug: string, cursor?: string, limit = 20): Promise<Page<ReportView> & { community: { slug: string; name: string } }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!policy.canModerate(viewer, this.communities.manages(membership))) throw forbidden(msg("error.moderation.reportsManagersOnly"));
    requireSecondFactorFor(viewer);
    const rows = await repo.listOpenFlags(this.db, community.id, decodeCursor(cursor), limit);
    const page = toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentFlag);
    const content = new Map((await repo.listReportedContent(this.db, community.id, page.items.map((f) => f.id))).map((c) => [c.flag_id, c]));
    return {
      items: page.items.map((flag) => presentReport(flag, content.get(flag.id), community.slug)),
      nextCursor: page.nextCursor,
      community: { slug: community.slug, name: community.name },
    };
  }

  /**
   * How many reports wait in a community, for the "Reports (n)" link; null for a viewer
   * who may not moderate it (who gets no link at all).
   */
  async openReportCount(viewer: Viewer, slug: string): Promise<number | null> {
    if (!isSignedIn(viewer)) return null;
    const { community, membership } = await this.communities.access(viewer, slug);
    // Like the queue itself, a read only the role opens: closed while a required second factor is missing (ADR 23).
    if (!policy.canModerate(viewer, this.communities.manages(membership)) || !secondFactorAllows(viewer)) return null;
    return repo.countOpenFlags(this.db, community.id);
  }

  /**
   * A report from the Report form: a flag whose reason must be chosen, and whose
   * details are needed when the reason is "other". Checked before anything is looked up
   * or stored, then raised as a flag (same limits, same answers as the flag API).
   */
  async report(viewer: Viewer, input: ReportInput): Promise<{ id: string; community: { slug: string; name: string } }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const fields: Record<string, Said> = {};
    const reason = FLAG_REASONS.find((r) => r === input.reason);
    if (!reason) fields.reason = msg("problem.report.chooseReason");
    const details = typeof input.details === "string" ? input.details.trim() : "";
    if (reason === "other" && !details) fields.details = msg("problem.report.sayWhatIsWrong");
    if (input.targetType === "persona" && !input.community) fields.community = msg("problem.report.chooseCommunity");
    if (Object.keys(fields).length > 0) throw invalidFields(fields);
    const flagged = await this.flag(viewer, {
      targetType: input.targetType as FlagInput["targetType"],
      targetId: input.targetId,
      reason: reason!,
      note: details || null,
      community: input.community || null,
    });
    return { id: flagged.id, community: (await repo.findFlagCommunity(this.db, flagged.id))! };
  }

  /**
   * Raises a flag about something the viewer can see, for the community's moderators.
   * Every try counts against the account's limit and the whole request is checked
   * before anything is looked up, so neither a 429 nor a 400 depends on the target;
   * a target the viewer cannot see is answered exactly like one that does not exist.
   */
  async flag(viewer: Viewer, input: FlagInput): Promise<{ id: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await this.limiter.hit(FLAG_LIMIT, `account:${viewer.accountId}`);
    const { targetType, note } = checkFlagInput(input);
    if (targetType === "event") throw notFound(msg("error.notFound.event"));
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const { target, communityId } = await this.resolve(trx, viewer, { ...input, targetType }, "flag");
      await repo.insertFlag(trx, {
        id,
        community_id: communityId,
        target_type: target.type,
        target_id: target.id,
        target_persona_id: target.persona_id,
        reporter_account_id: viewer.accountId,
        reason: input.reason,
        note,
      });
      await this.events.publish(trx, { type: "flag.created", communityId, flagId: id });
    });
    return { id };
  }

  /**
   * Finds the target and its community and checks the viewer may act on it (`act`:
   * the community's managers) or report it (`flag`: anyone who can see it). Something
   * the viewer cannot see is a 404; something they see but may not act on, a 403.
   */
  private async resolve(
    db: Db,
    viewer: SignedInViewer,
    input: { targetType: ModerationTargetType; targetId: string; community?: string | null },
    purpose: "act" | "flag",
  ): Promise<Resolved> {
    const what = input.targetType === "persona" ? "That member" : input.targetType === "post" ? "That post" : "That thread";
    if (!isId(input.targetId)) throw notFound(what);
    if (input.targetType === "persona") {
      if (!input.community) throw invalid("community", msg("problem.moderation.whichCommunity"));
      const { community, membership } = await this.communities.access(viewer, input.community, db);
      const manager = policy.canModerate(viewer, this.communities.manages(membership));
      if (purpose === "act" && !manager) throw notAllowed();
      const persona = await repo.findPersonaAccount(db, input.targetId);
      if (!persona || !(await this.personaSeenBy(db, viewer, community.id, persona.id, manager))) throw notFound(what);
      const target = { type: "persona" as const, id: persona.id, community_id: community.id, community_slug: community.slug, persona_id: persona.id, account_id: persona.account_id, hidden_at: null, deleted_at: null };
      return { target, communityId: community.id };
    }
    const found = input.targetType === "post" ? await repo.findPostTarget(db, input.targetId) : await repo.findThreadTarget(db, input.targetId);
    if (!found) throw notFound(what);
    const { membership } = await this.communities.access(viewer, found.community_slug, db).catch(orNotFound(what));
    const manager = policy.canModerate(viewer, this.communities.manages(membership));
    if (!manager && !this.communities.mayRead(viewer, { visibility: found.community_visibility }, { visibility: found.space_visibility }, membership)) throw notFound(what);
    // Only now: naming the community of something the viewer cannot read would tell them where it is.
    if (input.community && input.community !== found.community_slug) throw invalid("community", msg("problem.moderation.wrongCommunity"));
    if (purpose === "act" && !manager) throw notAllowed();
    return { target: found, communityId: found.community_id };
  }

  /**
   * Whether the viewer can already see the persona in the community: it wrote where
   * they can read (moderation.repo's personaSeenBy), or it is the face of a member they
   * are shown (communities). Moderators act, and members flag, only on such personas.
   */
  private async personaSeenBy(db: Db, viewer: SignedInViewer, communityId: string, personaId: string, manager: boolean): Promise<boolean> {
    return (await repo.personaWritesWhereSeen(db, viewer, communityId, personaId, manager)) || this.communities.isListedFace(communityId, personaId, manager, db);
  }

  /**
   * Refuses a suspended or banned account's writing (a thread, a reply, a reaction) in
   * the community, whichever persona it writes as: the one sanction check that
   * discussion and reactions call. The 403 names the day it ends.
   */
  async refuseIfSanctioned(viewer: Viewer, communityId: string): Promise<void> {
    if (!isSignedIn(viewer)) return;
    const sanction = await findActiveSanction(this.db, communityId, viewer.accountId);
    if (sanction) throw sanctionError(sanction);
  }

  /** What the action changes besides the log and the audit entry. */
  private async apply(db: Db, action: ModerationActionKind, target: Resolved["target"], communityId: string, actionId: string, until: Date | null) {
    switch (action) {
      case "hide":
      case "unhide": {
        const hiddenAt = action === "hide" ? new Date() : null;
        if ((target.hidden_at !== null) === (action === "hide")) {
          throw conflict(action === "hide" ? "already_hidden" : "not_hidden", msg(action === "hide" ? "error.moderation.alreadyHidden" : "error.moderation.notHidden", { type: target.type }));
        }
        if (target.type === "post") await repo.setPostHidden(db, target.id, hiddenAt);
        else await repo.setThreadHidden(db, target.id, hiddenAt);
        return;
      }
      case "suspend":
      case "ban":
        // Always a new row, never "already suspended": that answer would tell the
        // moderator that two personas share an account.
        await insertSanction(db, { id: newId(), community_id: communityId, account_id: target.account_id, persona_id: target.persona_id, action_id: actionId, kind: action, until });
        return;
      case "unsuspend":
        if ((await liftSanctionsOfPersona(db, communityId, target.persona_id)) === 0) {
          throw conflict("not_suspended", msg("error.moderation.notSuspended"));
        }
        return;
      case "warn":
      case "dismiss":
        return;
    }
  }

  /** Closes the flag the action answers; it must be open and in the same community. */
  private async closeFlag(db: Db, input: ActionInput, communityId: string) {
    const flag = isId(input.flagId!) ? await repo.findFlagForUpdate(db, input.flagId!) : undefined;
    if (!flag || flag.community_id !== communityId) throw notFound(msg("error.notFound.flag"));
    if (flag.status !== "open") throw conflict("flag_closed", msg("error.moderation.flagClosed"));
    if (input.action === "dismiss" && (flag.target_type !== input.targetType || flag.target_id !== input.targetId)) {
      throw invalid("targetId", msg("problem.moderation.notTheFlagged"));
    }
    await repo.closeFlag(db, flag.id, input.action === "dismiss" ? "dismissed" : "actioned");
  }
}

/** Writes the action to the audit log of the account behind the target: the member learns what was done and why, never by whom. */
async function tellTheMember(
  db: Db,
  viewer: SignedInViewer,
  action: ModerationActionKind,
  target: Resolved["target"],
  done: { communityId: string; actionId: string; reason: string; until: Date | null },
) {
  await insertAuditEntry(db, {
    id: newId(),
    subject_account_id: target.account_id,
    actor_account_id: viewer.accountId,
    action: `moderation.${action}` as AuditAction,
    detail: {
      communityId: done.communityId,
      actionId: done.actionId,
      personaId: target.persona_id,
      targetType: target.type,
      targetId: target.id,
      reason: done.reason,
      until: done.until ? done.until.toISOString() : null,
    },
  });
}

function notAllowed() {
  return forbidden(msg("error.moderation.managersOnly"));
}
