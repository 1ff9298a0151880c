import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditLog } from '../../../../libs/audit/src/audit-log';
import type { AuthRefusal, AuthRefusalRecorder } from '../../../../libs/auth/src/auth.guard';
import { AUDIT_SUBJECT, type AuditSubjectSpec } from './audit.decorators';
import { apiRequestEntry } from './audit.interceptor';
import { appendDurably } from './durable-append';

/**
 * Every refusal is audited, the auth guard's too: a request without a valid token (401, actor
 * unknown: the route, the caller's address and the code are kept, never the token) and one of
 * a role the route does not admit (403 ROLE_FORBIDDEN, with the actor). Whatever the method:
 * a refused read is a refusal as much as a refused write. The entry has the interceptor's shape.
 */
@Injectable()
export class AuditedGuardRefusals implements AuthRefusalRecorder {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  async record(refusal: AuthRefusal): Promise<void> {
    const { context } = refusal;
    if (context.getType() !== 'http') return;
    const request = context.switchToHttp().getRequest<Request>();
    const subject = this.reflector.getAllAndOverride<AuditSubjectSpec | undefined>(AUDIT_SUBJECT, [
      context.getHandler(),
      context.getClass(),
    ]);
    const outcome = { status: refusal.status, code: refusal.code };
    // Waits for the database like any request's entry, and answers 503 when it cannot: a
    // refusal is not answered without its entry. No client key: a refusal changes nothing.
    await appendDurably(this.audit, {
      ...apiRequestEntry(request, refusal.user, subject, undefined, outcome),
      sourceKey: `api-refusal:${randomUUID()}`,
    });
  }
}
