/**
 * Two-step sign-in as SQL conditions, shared by the accounts repo (loading a session's
 * viewer) and the security repo: which accounts hold a privileged role, and which have
 * an authenticator on. Shared SQL, not a feature (like visibility.sql.ts).
 */
import { sql, type RawBuilder } from "kysely";

/**
 * True when the account (the SQL expression `accountId`, e.g. a column) holds a role
 * for which a host may require two-step sign-in: administrator, verifier, verified
 * clinician, or owner or moderator of a community. The one definition of those roles;
 * the session query of the accounts repo and the security repo use it.
 */
export function holdsPrivilegedRoleSql(accountId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(
    exists (select 1 from accounts a where a.id = ${accountId} and (a.is_admin or a.is_verifier))
    or exists (select 1 from clinician_verifications v where v.account_id = ${accountId}
      and v.status = 'approved' and v.expires_at > now())
    or exists (select 1 from memberships m where m.account_id = ${accountId}
      and m.status = 'member' and m.role in ('owner', 'moderator')))`;
}

/** True when the account has an active authenticator. */
export function secondFactorActiveSql(accountId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from second_factors f where f.account_id = ${accountId} and f.secret is not null)`;
}
