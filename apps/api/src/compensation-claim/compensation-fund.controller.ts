import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { DomainError } from '../../../../libs/domain/src/errors';
import { Money } from '../../../../libs/domain/src/money';
import { LossSharingRepository } from '../../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import { CompensationFundTopUpDto } from './compensation-claim.request.dto';

/** The compensation fund's pool: its balance, and top-ups by its manager. */
@ApiTags('default and disposal')
@ApiBearerAuth()
@Controller('api/v1/compensation-funds')
export class CompensationFundController {
  constructor(private readonly lossSharing: LossSharingRepository) {}

  @Get(':code')
  @Roles('FUND_MANAGER', 'ADMINISTRATOR')
  @ApiOperation({ summary: 'Total, paid and available balance of the fund' })
  async balance(@Param('code') code: string, @CurrentUser() user: AuthenticatedUser) {
    return this.visibleFund(code, user);
  }

  @Post(':code/top-ups')
  @HttpCode(200)
  @Roles('FUND_MANAGER')
  @ApiOperation({ summary: 'Raise the fund by a transfer; once per reference' })
  async topUp(
    @Param('code') code: string,
    @Body() body: CompensationFundTopUpDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.visibleFund(code, user);
    const amount = Money.ofYuan(body.amount);
    if (!amount.isPositive())
      throw new ProblemException('INVALID_AMOUNT', 'amount must be positive', {
        extensions: {
          field: 'amount',
        },
      });
    const credited = await this.lossSharing.topUp({
      fundCode: code,
      reference: body.reference,
      amount,
      recordedBy: user.userId,
    });
    if (!credited.ok)
      throw new DomainError(
        credited.reason,
        `Reference ${credited.reference} was already used for another credit`,
        { reference: credited.reference },
      );
    return this.visibleFund(code, user);
  }

  /** A fund manager sees only the fund of their organisation; administrators see every fund. */
  private async visibleFund(code: string, user: AuthenticatedUser) {
    const fund = await this.lossSharing.fundBalance(code);
    if (!fund || (user.role === 'FUND_MANAGER' && fund.orgId !== user.organisationId))
      throw new ProblemException('FUND_NOT_FOUND', `No compensation fund ${code}`);
    return fund;
  }
}
