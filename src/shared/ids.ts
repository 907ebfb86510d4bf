/**
 * Opaque ids: 12 random bytes in base64url. No clock inside, so ids made close in
 * time (say, two personas of one account) cannot be matched up.
 * Branded types keep a PersonaId from being passed where a CommunityId is wanted.
 */
import { randomBytes } from "node:crypto";

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type AccountId = Brand<string, "AccountId">;
export type PersonaId = Brand<string, "PersonaId">;
export type CommunityId = Brand<string, "CommunityId">;
export type SpaceId = Brand<string, "SpaceId">;
export type ThreadId = Brand<string, "ThreadId">;
export type PostId = Brand<string, "PostId">;

/** Makes a new random id. */
export function newId<T extends string = string>(): T {
  return randomBytes(12).toString("base64url") as T;
}

/** Whether a string could be one of our ids; a malformed id is simply a 404. */
export function isId(value: string): boolean {
  return /^[A-Za-z0-9_-]{16}$/.test(value);
}
