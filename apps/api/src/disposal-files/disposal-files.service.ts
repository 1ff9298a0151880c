import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { renderPrintablePdf } from '../../../../libs/documents/src/printable-pdf';
import { DisposalFileRepository } from '../../../../libs/persistence/src/repositories/disposal/disposal-file.repository';
import {
  actorIdsOf,
  buildDisposalFile,
  type DisposalFile,
  type FileFinding,
} from './disposal-file';
import { disposalFileDocument } from './disposal-file.document';
import type { RecordFindingDto } from './disposal-finding.request.dto';

/**
 * The administrators' disposal audit: the disposal file of a case as JSON and as a printable
 * PDF laid out from that same JSON, and the findings administrators record on it — the only
 * thing they write; recording one changes nothing else but the audit log, which records it.
 */
@Injectable()
export class DisposalFilesService {
  constructor(private readonly files: DisposalFileRepository) {}

  /**
   * @throws 404 CASE_NOT_FOUND for an unknown case; 409 NO_DISPOSAL when it has no disposal.
   */
  async file(caseNumber: string): Promise<DisposalFile> {
    const records = await this.files.load(caseNumber);
    if (!records) return this.refuseMissing(caseNumber);
    return buildDisposalFile(records, await this.files.participants(actorIdsOf(records)));
  }

  /** The PDF of the file; its subtitle names the SHA-256 of the JSON it was laid out from. */
  async pdf(caseNumber: string): Promise<{ content: Buffer; jsonSha256: string }> {
    const file = await this.file(caseNumber);
    const jsonSha256 = createHash('sha256').update(JSON.stringify(file)).digest('hex');
    const content = await renderPrintablePdf(
      disposalFileDocument(file, { generatedAt: new Date().toISOString(), jsonSha256 }),
    );
    return { content, jsonSha256 };
  }

  async recordFinding(
    caseNumber: string,
    finding: RecordFindingDto,
    user: AuthenticatedUser,
  ): Promise<FileFinding & { caseNumber: string }> {
    const presence = await this.files.presence(caseNumber);
    if (!presence.disposal) return this.refuseMissing(caseNumber);
    // The finding and its audit entry commit together or not at all.
    const row = await this.files.recordFinding(
      {
        caseNumber,
        severity: finding.severity,
        title: finding.title.trim(),
        text: finding.text.trim(),
        recordedBy: user.userId,
        recordedByRole: user.role,
      },
      (recorded) => ({
        actor: user,
        action: 'DISPOSAL_FINDING_RECORDED',
        subjectType: 'CASE',
        subjectId: caseNumber,
        occurredAt: recorded.recordedAt,
        payload: {
          findingSeq: recorded.seq,
          severity: recorded.severity,
          title: recorded.title,
          text: recorded.text,
        },
        sourceKey: `disposal-finding:${recorded.id}`,
      }),
    );
    return {
      caseNumber,
      seq: row.seq,
      severity: row.severity,
      title: row.title,
      text: row.text,
      recordedBy: { userId: row.recordedBy, role: row.recordedByRole },
      recordedAt: row.recordedAt,
    };
  }

  private async refuseMissing(caseNumber: string): Promise<never> {
    const presence = await this.files.presence(caseNumber);
    if (!presence.case) throw new ProblemException('CASE_NOT_FOUND', `No case ${caseNumber}`);
    throw new ProblemException(
      'NO_DISPOSAL',
      `Case ${caseNumber} has no disposal, so it has no disposal file`,
    );
  }
}
