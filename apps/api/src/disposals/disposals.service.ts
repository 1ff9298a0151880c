import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { TEMPORAL_CLIENT } from '../../../../libs/common/src/temporal.module';
import { Money } from '../../../../libs/domain/src/money';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { DisposalRepository } from '../../../../libs/persistence/src/repositories/disposal.repository';
import { LoanDefaultRepository } from '../../../../libs/persistence/src/repositories/loan-case/loan-default.repository';
import { LossSharingRepository } from '../../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import { PledgeRegisterRepository } from '../../../../libs/persistence/src/repositories/pledge-register.repository';
import {
  DISPOSAL_ACTIONS,
  disposalWorkflowId,
  type DisposalAction,
  type DisposalSnapshot,
} from '../../../../workflows/disposal/disposal.shared';
import { LoanCaseService } from '../loan-case/loan-case.service';

const yuanOfFen = (fen: string | null): string | null =>
  fen === null ? null : Money.ofFen(BigInt(fen)).toYuan();

/**
 * Disposal steps (Updates of the case's disposal workflow) and the reads of a failing loan:
 * delinquency moves, compensation claims with their payments, the disposal with its rounds,
 * bids and timeline. Visibility follows the case: a caller who may not see it gets 404.
 */
@Injectable()
export class DisposalsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly cases: LoanCaseService,
    private readonly calendar: BusinessCalendarRepository,
    private readonly disposals: DisposalRepository,
    private readonly defaults: LoanDefaultRepository,
    private readonly lossSharing: LossSharingRepository,
    private readonly pledges: PledgeRegisterRepository,
  ) {}

  async act(
    caseNumber: string,
    action: DisposalAction,
    payload: Record<string, unknown>,
    user: AuthenticatedUser,
  ) {
    await this.cases.visibleRow(caseNumber, user);
    const current = await this.disposals.find(caseNumber);
    if (!current)
      throw new ProblemException(404, 'DISPOSAL_NOT_FOUND', `Case ${caseNumber} has no disposal`);
    const businessDate = await this.calendar.current();
    try {
      return await this.client.workflow
        .getHandle(disposalWorkflowId(caseNumber))
        .executeUpdate(DISPOSAL_ACTIONS[action] as never, {
          args: [{ ...payload, actor: user, businessDate }] as never,
        });
    } catch (error) {
      // A finished disposal's workflow has completed and takes no Update.
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(
          409,
          'INVALID_TRANSITION',
          `The disposal of case ${caseNumber} has ended (${String(current.status)})`,
          undefined,
          { details: { status: current.status } },
        );
      }
      throw error;
    }
  }

  async disposal(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.visibleRow(caseNumber, user);
    const detail = (await this.disposals.find(caseNumber)) as DisposalSnapshot | null;
    if (!detail)
      throw new ProblemException(404, 'DISPOSAL_NOT_FOUND', `Case ${caseNumber} has no disposal`);
    return {
      ...detail,
      timeline: await this.disposals.timeline(caseNumber),
      transfers: await this.pledges.transfersOfCase(caseNumber),
    };
  }

  async rounds(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.visibleRow(caseNumber, user);
    return { caseNumber, rounds: await this.disposals.rounds(caseNumber) };
  }

  async bids(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.visibleRow(caseNumber, user);
    return { caseNumber, bids: await this.disposals.bids(caseNumber) };
  }

  async delinquency(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.visibleRow(caseNumber, user);
    return { caseNumber, moves: await this.defaults.bucketMoves(caseNumber) };
  }

  async claims(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.visibleRow(caseNumber, user);
    const rows = (await this.lossSharing.claimsOfCase(caseNumber)) as Record<
      string,
      string | null
    >[];
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
