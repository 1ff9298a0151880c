import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditVerifier } from './audit-verifier';

/**
 * The audit log and its verifier. Needs the TypeORM DataSource (PersistenceModule). Appending
 * is one call: `await audit.append({ actor, action, subjectType, subjectId, payload, sourceKey }, tx)`.
 */
@Module({ providers: [AuditLog, AuditVerifier], exports: [AuditLog, AuditVerifier] })
export class AuditModule {}
