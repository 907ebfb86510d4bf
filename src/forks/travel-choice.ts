/**
 * Whether a member's content goes with a fork of a community (issue 12, ADR 43): "yes" always,
 * "no" never, "ask" (the default) only once they have said yes to that fork.
 */
export const TRAVEL_CHOICES = ["yes", "ask", "no"] as const;
export type TravelChoice = (typeof TRAVEL_CHOICES)[number];
export const DEFAULT_TRAVEL_CHOICE: TravelChoice = "ask";
export const isTravelChoice = (value: unknown): value is TravelChoice => (TRAVEL_CHOICES as readonly unknown[]).includes(value);
