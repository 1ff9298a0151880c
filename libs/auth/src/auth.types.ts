import type { Actor } from '../../domain/src/roles';

/** The user a request acts for: the directory's record, never the token's word. */
export type AuthenticatedUser = Actor;
