/**
 * Typed domain events. Services publish them inside the transaction that made the
 * change; notifications, search and federation subscribe by type. Payloads hold
 * ids only: a subscriber reads what it needs, so a later erasure is respected.
 */
export type DomainEvent =
  | { type: "account.created"; accountId: string }
  | { type: "community.created"; communityId: string }
  | { type: "community.charter_changed"; communityId: string }
  | { type: "membership.requested"; communityId: string; accountId: string }
  | { type: "membership.joined"; communityId: string; accountId: string }
  | { type: "membership.left"; communityId: string; accountId: string }
  | { type: "thread.created"; communityId: string; threadId: string; postId: string }
  | { type: "post.created"; communityId: string; threadId: string; postId: string }
  | { type: "post.edited"; communityId: string; threadId: string; postId: string }
  | { type: "post.deleted"; communityId: string; threadId: string; postId: string }
  | { type: "persona.created"; personaId: string }
  | { type: "clinician.verification_requested"; verificationId: string }
  | { type: "clinician.verification_decided"; verificationId: string; decision: "approved" | "rejected" }
  // Moderation (src/moderation): a flag raised, an action taken (hide, warn, suspend …).
  | { type: "flag.created"; communityId: string; flagId: string }
  | { type: "moderation.action_taken"; communityId: string; actionId: string };

export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
