/**
 * Forks (issue 12, ADR 43). So far: each member's default for whether their content travels
 * with a fork of a community they write in — "ask" until they choose. A fork or an archive
 * carries an author's content only with their consent, so other features read it here.
 */
import type { Db } from "../db/connection.ts";
import { invalid, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./forks.repo.ts";
import { DEFAULT_TRAVEL_CHOICE, isTravelChoice, TRAVEL_CHOICES, type TravelChoice } from "./travel-choice.ts";

export type { TravelChoice } from "./travel-choice.ts";

export class ForksService {
  constructor(private readonly db: Db) {}

  /** The viewer's default: yes, ask or no. */
  async travelWithForks(viewer: Viewer): Promise<TravelChoice> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return (await repo.travelChoiceOf(this.db, viewer.accountId)) ?? DEFAULT_TRAVEL_CHOICE;
  }

  /** Sets the viewer's default; anything but yes, ask or no is a 400 naming travelWithForks. */
  async setTravelWithForks(viewer: Viewer, choice: unknown): Promise<TravelChoice> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!isTravelChoice(choice)) throw invalid("travelWithForks", msg("problem.mustBeOneOf", { options: TRAVEL_CHOICES.join(", ") }));
    await repo.setTravelChoice(this.db, viewer.accountId, choice);
    return choice;
  }

  /** Each account's default (ask for those that never chose), for a fork or an archive deciding whose words go. */
  async travelChoicesOf(accountIds: readonly string[]): Promise<Map<string, TravelChoice>> {
    const chosen = new Map((await repo.travelChoicesOf(this.db, accountIds)).map((row) => [row.account_id, row.choice] as const));
    return new Map(accountIds.map((id) => [id, chosen.get(id) ?? DEFAULT_TRAVEL_CHOICE]));
  }
}
