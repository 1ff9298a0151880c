import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Money } from '../../../../libs/domain/src/money';
import {
  buildSchedule,
  REPAYMENT_METHODS,
  type RepaymentMethod,
} from '../../../../libs/domain/src/schedule';
import { NotAudited } from '../audit/audit.decorators';
import { DATE_PATTERN, FRACTION_PATTERN, YUAN_PATTERN } from '../common/validation';

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
  @Matches(DATE_PATTERN, { message: 'startDate must be YYYY-MM-DD' })
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
}
