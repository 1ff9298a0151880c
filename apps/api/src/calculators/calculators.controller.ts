import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  disposalWaterfall,
  parsePenaltyTerms,
  penaltyRateOf,
  settlementInterest,
  settlementInterestInYuan,
} from '../../../../libs/domain/src/disposal';
import { parseDecimal } from '../../../../libs/domain/src/decimal';
import { ErrorCodes } from '../../../../libs/domain/src/errors';
import { Money } from '../../../../libs/domain/src/money';
import {
  buildSchedule,
  REPAYMENT_METHODS,
  type RepaymentMethod,
} from '../../../../libs/domain/src/schedule';
import { computeInterestSubsidy } from '../../../../libs/domain/src/subsidy-policy';
import { NotAudited } from '../audit/audit.decorators';
import { FRACTION_PATTERN, IsCalendarDate, YUAN_PATTERN } from '../common/validation';
import {
  DisposalWaterfallRequestDto,
  DisposalWaterfallResponseDto,
  type WaterfallInterestRequestDto,
} from './disposal-waterfall.dto';
import { InterestSubsidyRequestDto, InterestSubsidyResponseDto } from './interest-subsidy.dto';

export class ScheduleRequestDto {
  @ApiProperty({ example: '1000000.00', description: 'yuan, two decimals' })
  @Matches(YUAN_PATTERN, { message: 'principal must be a yuan amount like "1000000.00"' })
  principal: string;

  @ApiProperty({ example: '0.0345', description: 'annual rate as a fraction' })
  @Matches(FRACTION_PATTERN, { message: 'annualRate must be a fraction like "0.0345"' })
  annualRate: string;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(360)
  termMonths: number;

  @ApiProperty({ enum: REPAYMENT_METHODS })
  @IsIn(REPAYMENT_METHODS as unknown as string[])
  method: RepaymentMethod;

  @ApiProperty({ example: '2026-01-15' })
  @IsCalendarDate()
  startDate: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  paymentFrequencyMonths?: number;
}

@ApiTags('calculators')
@ApiBearerAuth()
@Controller('api/v1/calculators')
@NotAudited()
export class CalculatorsController {
  @Post('schedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Repayment schedule to the fen (equal instalment, equal principal, interest only)',
  })
  schedule(@Body() body: ScheduleRequestDto) {
    const schedule = buildSchedule({
      principal: Money.ofYuan(body.principal),
      annualRate: body.annualRate,
      termMonths: body.termMonths,
      method: body.method,
      startDate: body.startDate,
      paymentFrequencyMonths: body.paymentFrequencyMonths ?? 1,
    });
    return {
      instalments: schedule.instalments.map((i) => ({
        seq: i.seq,
        dueDate: i.dueDate,
        principal: i.principal.toYuan(),
        interest: i.interest.toYuan(),
        total: i.total.toYuan(),
        outstandingAfter: i.outstandingAfter.toYuan(),
      })),
      totalInterest: schedule.totalInterest.toYuan(),
    };
  }

  @Post('disposal-waterfall')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Disposal proceeds waterfall to the fen: costs, the bank's interest, principal shared by fund/insurer/bank, residue to the pledgor",
    description:
      "The bank's interest is `interestDue`, or with `interest` (schedule, repayments, contract " +
      'rate, penalty terms, settlement date) the lines a settled case computes: scheduled interest ' +
      'due and unpaid, contract interest since the last due date on principal not yet due, and ' +
      'penalty interest on overdue principal from each due date (actual/360, half up per line). ' +
      'Principal recovery R is shared fund = round(R × fundPaid / D), insurer = round(R × ' +
      'insurerPaid / D) capped at R − fund, with D = max(principalDue, fundPaid + insurerPaid).',
  })
  @ApiOkResponse({ type: DisposalWaterfallResponseDto })
  waterfall(@Body() body: DisposalWaterfallRequestDto): DisposalWaterfallResponseDto {
    if ((body.interestDue === undefined) === (body.interest === undefined)) {
      throw new ProblemException(
        ErrorCodes.INVALID_WATERFALL_INPUT,
        "Give the bank's interest either as interestDue or as interest, not both or neither",
        {
          messageZh: '银行利息须以 interestDue 或 interest 二者之一给出',
          extensions: { field: 'interestDue' },
        },
      );
    }
    const basis = body.interest && this.interestToSettlement(body.interest);
    const interestDue = basis ? basis.total : Money.ofYuan(body.interestDue!);
    const w = disposalWaterfall({
      proceeds: Money.ofYuan(body.proceeds),
      costs: Money.ofYuan(body.costs),
      interestDue,
      principalDue: Money.ofYuan(body.principalDue),
      fundPaid: Money.ofYuan(body.fundPaid),
      insurerPaid: Money.ofYuan(body.insurerPaid),
    });
    return {
      interestDue: interestDue.toYuan(),
      interestBasis: basis ? settlementInterestInYuan(basis) : null,
      costs: w.costs.toYuan(),
      bankInterest: w.bankInterest.toYuan(),
      bankPrincipal: w.bankPrincipal.toYuan(),
      fund: w.fund.toYuan(),
      insurer: w.insurer.toYuan(),
      pledgor: w.pledgor.toYuan(),
      unrecovered: w.unrecovered.toYuan(),
    };
  }

  /** The interest lines to the settlement date, the way `settle()` of a loan case computes them. */
  private interestToSettlement(input: WaterfallInterestRequestDto) {
    const terms = parsePenaltyTerms(input);
    return settlementInterest({
      schedule: input.schedule,
      repayments: input.repayments ?? [],
      annualRate: input.annualRate,
      penaltyRate: penaltyRateOf(input.annualRate, terms),
      asOf: input.settlementDate,
    });
  }

  @Post('interest-subsidy')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Interest subsidy of one period, each product rounded half up to the fen',
    description:
      'days = periodEnd − periodStart; lprInterest = outstanding × lpr × lprMultiple × days / 360; ' +
      'base = lprCap ? min(interestPaid, lprInterest) : interestPaid; ipBase = base × ipShare; ' +
      'subsidy = min(ipBase × ratio, capRemaining). limitedBy is CAP when the cap bound, else LPR ' +
      'when the LPR cap bound, else null.',
  })
  @ApiOkResponse({ type: InterestSubsidyResponseDto })
  interestSubsidy(@Body() body: InterestSubsidyRequestDto): InterestSubsidyResponseDto {
    const fraction = (text: string) => parseDecimal(text, ErrorCodes.INVALID_SUBSIDY_INPUT);
    const result = computeInterestSubsidy({
      interestPaid: Money.ofYuan(body.interestPaid),
      outstandingPrincipal: Money.ofYuan(body.outstandingPrincipal),
      periodStart: body.periodStart,
      periodEnd: body.periodEnd,
      lpr: fraction(body.lpr),
      lprMultiple: fraction(body.lprMultiple),
      lprCap: body.lprCap,
      ipShare: fraction(body.ipShare),
      ratio: fraction(body.ratio),
      capRemaining: body.capRemaining == null ? null : Money.ofYuan(body.capRemaining),
    });
    return {
      days: result.days,
      lprInterest: result.lprInterest.toYuan(),
      base: result.base.toYuan(),
      ipBase: result.ipBase.toYuan(),
      beforeCap: result.beforeCap.toYuan(),
      subsidy: result.subsidy.toYuan(),
      limitedBy: result.limitedBy,
    };
  }
}
