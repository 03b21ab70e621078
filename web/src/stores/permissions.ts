/**
 * The user's permissions as GET /api/me lists them (`permissions`, from
 * jiancha.governance.roles). Owns only `permissionsOf`; keeps no copy of the role table, so the
 * console cannot drift from the API, which stays the authority (it refuses what is not allowed).
 */

/** Exactly the API's list; empty when it gives none, so that such a user is offered nothing. */
export function permissionsOf(user: { permissions?: string[] } | null): string[] {
  return user?.permissions ?? []
}
