import { SetMetadata } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';

export const NOT_AUDITED = 'audit:not-audited';
export const AUDIT_SUBJECT = 'audit:subject';

/** Requests to this route are not actions (calculators, logging in): the audit log skips them. */
export const NotAudited = () => SetMetadata(NOT_AUDITED, true);

/** What the audit interceptor sees of a request when naming its subject. */
export interface AuditedRequest {
  params: Record<string, string>;
  body: unknown;
  user: AuthenticatedUser;
}

export interface AuditSubjectSpec {
  type: string;
  /** The subject's id from the request or the handler's result; undefined when unknown. */
  id: (request: AuditedRequest, result: unknown) => string | undefined;
}

/**
 * Names what a route's requests act on, so that the audit entries of one case or asset can be
 * listed together. Without it an entry's subject is the route itself.
 */
export const AuditSubject = (type: string, id: AuditSubjectSpec['id']) =>
  SetMetadata(AUDIT_SUBJECT, { type, id } satisfies AuditSubjectSpec);
