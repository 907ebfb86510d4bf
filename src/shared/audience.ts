/**
 * Who can read a space, in words: the one rule, said in the reader's language on pages and
 * in English by the presenters for the API (src/communities/communities.presenter.ts).
 */
import type { SpaceVisibility } from "../db/schema.ts";
import { msg, type Message } from "./i18n/message.ts";

/** What the words depend on: the community's name, the space's audience, and whether anyone at all can read it. */
export type AudienceFacts = { community: string; visibility: SpaceVisibility; readableByAnyone: boolean };

/** "Anyone on the internet can read this.", "Only members of … can read this." and so on. */
export function audienceMessage({ community, visibility, readableByAnyone }: AudienceFacts): Message {
  switch (visibility) {
    case "public":
      // A public space of a members-only community is read by its members only.
      return readableByAnyone ? msg("audience.anyone") : msg("audience.members", { community });
    case "members":
      return msg("audience.members", { community });
    case "carers":
      return msg("audience.carers", { community });
    case "clinicians":
      return msg("audience.clinicians");
  }
}

/** Who a locked space is for, in a few words: "Verified clinicians only". */
export function forWhomMessage({ visibility, readableByAnyone }: Omit<AudienceFacts, "community">): Message {
  switch (visibility) {
    case "public":
      return readableByAnyone ? msg("forWhom.anyone") : msg("forWhom.members");
    case "members":
      return msg("forWhom.members");
    case "carers":
      return msg("forWhom.carers");
    case "clinicians":
      return msg("forWhom.clinicians");
  }
}
