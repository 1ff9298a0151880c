import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { Money } from '../../../../libs/domain/src/money';
import { LoanDefaultRepository } from '../../../../libs/persistence/src/repositories/loan-case/loan-default.repository';
import { LossSharingRepository } from '../../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import { LoanCaseService } from '../loan-case/loan-case.service';

const yuanOfFen = (fen: string | null): string | null =>
  fen === null ? null : Money.ofFen(BigInt(fen)).toYuan();

/**
 * Reads of a failing loan: its delinquency moves and its compensation claims with their
 * payments. Visibility follows the case: a caller who may not see it gets 404.
 */
@Injectable()
export class CompensationClaimService {
  constructor(
    private readonly cases: LoanCaseService,
    private readonly defaults: LoanDefaultRepository,
    private readonly lossSharing: LossSharingRepository,
  ) {}

  /**
   * Refuses a payment reference the caller's organisation already used on another claim, before
   * the step is sent (the workflow knows only this case's claims); the unique index on the
   * payment's payer organisation and reference refuses it again should two payments race.
   * @throws ProblemException(PAYMENT_REFERENCE_ALREADY_USED)
   */
  async assertReferenceUnused(claimId: string, reference: string, user: AuthenticatedUser) {
    const other = await this.lossSharing.claimPaidUnderReference(
      user.organisationId,
      reference,
      claimId,
    );
    if (other)
      throw new ProblemException(
        'PAYMENT_REFERENCE_ALREADY_USED',
        `Payment reference ${reference} is already used by ${user.organisationId} on another claim`,
        { extensions: { details: { reference } } },
      );
  }

  async delinquency(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    return { caseNumber, moves: await this.defaults.bucketMoves(caseNumber) };
  }

  async ofCase(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    const rows = (await this.lossSharing.claimsOfCase(caseNumber)) as Record<
      string,
      string | null
    >[];
    // The enterprise learns that a claim was filed and how far it is, not the loss split.
    if (user.role === 'ENTERPRISE')
      return {
        caseNumber,
        claims: rows.map((row) => ({
          claimId: row.claimId,
          payer: row.payer,
          status: row.status,
          filedOn: row.filedOn,
        })),
      };
    return {
      caseNumber,
      claims: rows.map((row) => ({
        claimId: row.claimId,
        payer: row.payer,
        payerOrgId: row.payerOrgId,
        fundCode: row.fundCode,
        share: yuanOfFen(row.shareFen ?? null),
        cap: yuanOfFen(row.capFen ?? null),
        status: row.status,
        filedOn: row.filedOn,
        eligibleOn: row.eligibleOn,
        steps: row.steps,
        payment: row.paymentReference
          ? {
              reference: row.paymentReference,
              amount: yuanOfFen(row.paidFen ?? null),
              limitedBy: row.limitedBy,
              deposit: yuanOfFen(row.depositFen ?? null),
              depositReleasedOn: row.depositReleasedOn,
              paidOn: row.paidOn,
              paidBy: row.paidBy,
            }
          : null,
      })),
    };
  }
}
