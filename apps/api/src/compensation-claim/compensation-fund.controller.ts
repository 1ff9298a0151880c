import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { DomainError } from '../../../../libs/domain/src/errors';
import { Money } from '../../../../libs/domain/src/money';
import {
  checkTopUpAmount,
  checkTopUpApprover,
  checkTopUpPending,
} from '../../../../libs/domain/src/top-up';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { LossSharingRepository } from '../../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import {
  TopUpRepository,
  type TopUpRow,
} from '../../../../libs/persistence/src/repositories/top-up.repository';
import { topUpView } from '../common/top-up.view';
import { CompensationFundTopUpDto } from './compensation-claim.request.dto';

/** The compensation fund's pool: its balance, and top-ups proposed by one manager, approved by another. */
@ApiTags('default and disposal')
@ApiBearerAuth()
@Controller('api/v1/compensation-funds')
export class CompensationFundController {
  constructor(
    private readonly lossSharing: LossSharingRepository,
    private readonly topUps: TopUpRepository,
    private readonly calendar: BusinessCalendarRepository,
  ) {}

  @Get(':code')
  @Roles('FUND_MANAGER', 'ADMINISTRATOR')
  @ApiOperation({ summary: 'Total, paid and available balance of the fund' })
  async balance(@Param('code') code: string, @CurrentUser() user: AuthenticatedUser) {
    return this.visibleFund(code, user);
  }

  @Post(':code/top-ups')
  @HttpCode(200)
  @Roles('FUND_MANAGER')
  @ApiOperation({
    summary:
      'Propose raising the fund under the funding document’s number (文号); another manager approves',
  })
  async proposeTopUp(
    @Param('code') code: string,
    @Body() body: CompensationFundTopUpDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.visibleFund(code, user);
    const amount = checkTopUpAmount(body.amount);
    const { created, row } = await this.topUps.propose({
      target: 'COMPENSATION_FUND',
      targetKey: code,
      organisationId: user.organisationId,
      amountFen: amount.fen,
      reference: body.reference,
      proposedBy: user.userId,
      proposedOn: await this.calendar.current(),
    });
    if (!created && row.amountFen !== amount.fen) {
      throw new ProblemException(
        'TOP_UP_REFERENCE_CONFLICT',
        `${body.reference} is already a top-up of ${Money.ofFen(row.amountFen).toYuan()} for this fund`,
        { extensions: { topUp: topUpView(row) } },
      );
    }
    return { alreadyApplied: row.status === 'APPROVED', topUp: topUpView(row) };
  }

  @Post(':code/top-ups/:id/approve')
  @HttpCode(200)
  @Roles('FUND_MANAGER')
  @ApiOperation({ summary: 'Approve a top-up another manager proposed; the fund is credited once' })
  async approveTopUp(
    @Param('code') code: string,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const row = await this.fundTopUp(code, id, user);
    if (row.status === 'APPROVED') {
      return {
        alreadyApplied: true,
        topUp: topUpView(row),
        fund: await this.visibleFund(code, user),
      };
    }
    checkTopUpPending(row.id, row.status);
    checkTopUpApprover(row.proposedBy, user.userId);
    const applied = await this.lossSharing.applyTopUp({
      topUpId: row.id,
      approvedBy: user.userId,
      decidedOn: await this.calendar.current(),
    });
    if (!applied.ok) {
      if (applied.reason === 'SELF_APPROVAL') checkTopUpApprover(row.proposedBy, row.proposedBy);
      if (applied.reason === 'NOT_PROPOSED') checkTopUpPending(row.id, 'REJECTED');
      if (applied.reason === 'DUPLICATE_REFERENCE')
        throw new DomainError(
          'DUPLICATE_REFERENCE',
          `Reference ${row.reference} was already used for another credit`,
          { reference: row.reference },
        );
      throw new ProblemException('TOP_UP_NOT_FOUND', `No top-up ${id} of fund ${code}`);
    }
    return {
      alreadyApplied: !applied.applied,
      topUp: topUpView((await this.topUps.find(row.id))!),
      fund: await this.visibleFund(code, user),
    };
  }

  @Post(':code/top-ups/:id/reject')
  @HttpCode(200)
  @Roles('FUND_MANAGER')
  @ApiOperation({ summary: 'Reject a top-up another manager proposed; nothing is credited' })
  async rejectTopUp(
    @Param('code') code: string,
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const row = await this.fundTopUp(code, id, user);
    checkTopUpPending(row.id, row.status);
    checkTopUpApprover(row.proposedBy, user.userId);
    if (!(await this.topUps.decide(row.id, 'REJECTED', user.userId, await this.calendar.current())))
      checkTopUpPending(row.id, (await this.topUps.find(row.id))!.status);
    return { topUp: topUpView((await this.topUps.find(row.id))!) };
  }

  /** A top-up proposal of a fund the caller sees; any other answers not found. */
  private async fundTopUp(code: string, id: string, user: AuthenticatedUser): Promise<TopUpRow> {
    await this.visibleFund(code, user);
    const row = await this.topUps.find(id);
    if (!row || row.target !== 'COMPENSATION_FUND' || row.targetKey !== code)
      throw new ProblemException('TOP_UP_NOT_FOUND', `No top-up ${id} of fund ${code}`);
    return row;
  }

  /** A fund manager sees only the fund of their organisation; administrators see every fund. */
  private async visibleFund(code: string, user: AuthenticatedUser) {
    const fund = await this.lossSharing.fundBalance(code);
    if (!fund || (user.role === 'FUND_MANAGER' && fund.orgId !== user.organisationId))
      throw new ProblemException('FUND_NOT_FOUND', `No compensation fund ${code}`);
    return fund;
  }
}
