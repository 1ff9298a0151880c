import { Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditLog } from '../../../../libs/audit/src/audit-log';
import type { AuthRefusal, AuthRefusalRecorder } from '../../../../libs/auth/src/auth.guard';
import { AUDIT_SUBJECT, type AuditSubjectSpec } from './audit.decorators';
import { apiRequestEntry } from './audit.interceptor';

/**
 * Every refusal is audited, the auth guard's too: a request without a valid token (401, actor
 * unknown: the route, the caller's address and the code are kept, never the token) and one of
 * a role the route does not admit (403 ROLE_FORBIDDEN, with the actor). Whatever the method:
 * a refused read is a refusal as much as a refused write. The entry has the interceptor's shape.
 */
@Injectable()
export class AuditedGuardRefusals implements AuthRefusalRecorder {
  private readonly logger = new Logger('AuditedGuardRefusals');

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
    try {
      await this.audit.append(apiRequestEntry(request, refusal.user, subject, undefined, outcome));
    } catch (error) {
      // The caller still learns its refusal; operators learn the log missed it.
      this.logger.error(
        { err: error, method: request.method, path: request.path, outcome },
        'could not write the audit entry of a refused request',
      );
    }
  }
}
