import type { Actor, Role } from '../../domain/src/roles';

/** Claims of the bearer token. `sub` is the user id. */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  org: string;
}

export type AuthenticatedUser = Actor;
