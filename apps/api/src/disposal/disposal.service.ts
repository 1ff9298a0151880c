import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { TEMPORAL_CLIENT } from '../../../../libs/common/src/temporal.module';
import type { DisposalSnapshot } from '../../../../libs/domain/src/disposal';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { DisposalRepository } from '../../../../libs/persistence/src/repositories/disposal/disposal.repository';
import { PledgeRegisterRepository } from '../../../../libs/persistence/src/repositories/pledge-register.repository';
import {
  disposalAllowedActionsQuery,
  disposalWorkflowId,
} from '../../../../workflows/disposal/disposal.shared';
import { TransitionRoutes } from '../allowed-actions/transition-routes';
import { enterpriseHistoryEntry } from '../loan-case/case-view';
import { LoanCaseService } from '../loan-case/loan-case.service';
import { dispatchAction, type StepContext, type WorkflowAction } from '../common/workflow-actions';
import { disposalActionItems } from './disposal.actions';

/**
 * Disposal steps (Updates of the case's disposal workflow) and its reads: the disposal with its
 * rounds, bids and timeline, and the steps the caller may take now. Visibility follows the
 * case: a caller who may not see it gets 404.
 */
@Injectable()
export class DisposalService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly cases: LoanCaseService,
    private readonly calendar: BusinessCalendarRepository,
    private readonly disposals: DisposalRepository,
    private readonly pledges: PledgeRegisterRepository,
    private readonly routes: TransitionRoutes,
  ) {}

  async act<Dto, Input>(
    caseNumber: string,
    action: WorkflowAction<Dto, StepContext, Input, DisposalSnapshot>,
    dto: Dto,
    user: AuthenticatedUser,
  ): Promise<DisposalSnapshot> {
    await this.cases.assertVisible(caseNumber, user);
    const current = await this.disposals.find(caseNumber);
    if (!current)
      throw new ProblemException('DISPOSAL_NOT_FOUND', `Case ${caseNumber} has no disposal`);
    const businessDate = await this.calendar.current();
    try {
      return await dispatchAction(
        this.client.workflow.getHandle(disposalWorkflowId(caseNumber)),
        action,
        dto,
        { user, businessDate },
      );
    } catch (error) {
      // A finished disposal's workflow has completed and takes no Update.
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(
          'INVALID_TRANSITION',
          `The disposal of case ${caseNumber} has ended (${String(current.status)})`,
          { extensions: { details: { status: current.status } } },
        );
      }
      throw error;
    }
  }

  async disposal(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    const detail = await this.disposals.find(caseNumber);
    if (!detail)
      throw new ProblemException('DISPOSAL_NOT_FOUND', `Case ${caseNumber} has no disposal`);
    const timeline = await this.disposals.timeline(caseNumber);
    // The enterprise follows the sale of its IP, not the bank's decisions and reasons.
    if (user.role === 'ENTERPRISE')
      return {
        caseNumber: detail.caseNumber,
        status: detail.status,
        startedOn: detail.startedOn,
        method: detail.method,
        rounds: detail.rounds.map((r) => ({
          round: r.round,
          method: r.method,
          startingPrice: r.startingPrice,
          openedOn: r.openedOn,
          closesOn: r.closesOn,
          outcome: r.outcome,
          closedOn: r.closedOn,
        })),
        sale: detail.sale && { price: detail.sale.price, agreedOn: detail.sale.agreedOn },
        completion: detail.completion && { on: detail.completion.on },
        timeline: timeline.map(enterpriseHistoryEntry),
      };
    return {
      ...detail,
      timeline,
      transfers: await this.pledges.transfersOfCase(caseNumber),
      transferRequests: await this.pledges.transferRequestsOfCase(caseNumber),
    };
  }

  async rounds(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    return { caseNumber, rounds: await this.disposals.rounds(caseNumber) };
  }

  async bidders(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    return { caseNumber, bidders: await this.disposals.bidders(caseNumber) };
  }

  async bids(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    const bids = await this.disposals.bids(caseNumber);
    if (user.role === 'ENTERPRISE')
      return {
        caseNumber,
        bids: bids.map((b) => ({ seq: b.seq, round: b.round, amount: b.amount, at: b.at })),
      };
    return { caseNumber, bids };
  }

  /**
   * The actions the caller may take on the disposal now, from the workflow's table-generated
   * answer; none once the disposal has ended.
   */
  async allowedActions(caseNumber: string, user: AuthenticatedUser) {
    await this.cases.assertVisible(caseNumber, user);
    const current = await this.disposals.find(caseNumber);
    if (!current)
      throw new ProblemException('DISPOSAL_NOT_FOUND', `Case ${caseNumber} has no disposal`);
    const transitions = await this.client.workflow
      .getHandle(disposalWorkflowId(caseNumber))
      .query(disposalAllowedActionsQuery, { role: user.role, organisationId: user.organisationId });
    const actions = disposalActionItems(transitions, this.routes, user.role, caseNumber);
    return { caseNumber, status: current.status, actions };
  }
}
