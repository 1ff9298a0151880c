import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { FRACTION_PATTERN, IsCalendarDate, YUAN_PATTERN } from '../common/validation';

const yuanMessage = (field: string) => `${field} must be a yuan amount like "1000000.00"`;

/** One instalment of the loan's schedule, as `POST /calculators/schedule` returns it. */
export class WaterfallScheduleRowDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  seq: number;

  @ApiProperty({ example: '2026-01-15', description: 'start of the period (inclusive)' })
  @IsCalendarDate()
  periodStart: string;

  @ApiProperty({ example: '2026-02-15' })
  @IsCalendarDate()
  dueDate: string;

  @ApiProperty({ example: '100000.00', description: 'principal due, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('principal') })
  principal: string;

  @ApiProperty({ example: '3720.00', description: 'scheduled interest, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('interest') })
  interest: string;
}

/** A repayment the borrower made (applied oldest instalment first, interest first). */
export class WaterfallRepaymentDto {
  @ApiProperty({ example: 'RP-0001' })
  @IsString()
  @MaxLength(100)
  reference: string;

  @ApiProperty({ example: '2026-03-01' })
  @IsCalendarDate()
  valueDate: string;

  @ApiProperty({ example: '50000.00' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('amount') })
  amount: string;
}

/**
 * What the bank's interest to the settlement date is computed from, as a settled case computes
 * it: the schedule, the repayments, the contract rate and the penalty terms.
 */
export class WaterfallInterestRequestDto {
  @ApiProperty({ example: '2026-05-29', description: 'the settlement date interest runs to' })
  @IsCalendarDate()
  settlementDate: string;

  @ApiProperty({ example: '0.036', description: 'contract rate, annual, as a fraction' })
  @Matches(FRACTION_PATTERN, { message: 'annualRate must be a fraction like "0.036"' })
  annualRate: string;

  @ApiPropertyOptional({
    example: '1.5',
    description: 'penalty rate = contract rate × this (default "1.5")',
  })
  @IsOptional()
  @Matches(FRACTION_PATTERN, { message: 'penaltyRateMultiplier must be a decimal like "1.5"' })
  penaltyRateMultiplier?: string;

  @ApiPropertyOptional({
    example: '0.054',
    description: 'explicit annual penalty rate; wins over the multiplier',
  })
  @IsOptional()
  @Matches(FRACTION_PATTERN, { message: 'penaltyRate must be a fraction like "0.054"' })
  penaltyRate?: string;

  @ApiProperty({ type: [WaterfallScheduleRowDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(360)
  @ValidateNested({ each: true })
  @Type(() => WaterfallScheduleRowDto)
  schedule: WaterfallScheduleRowDto[];

  @ApiPropertyOptional({ type: [WaterfallRepaymentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => WaterfallRepaymentDto)
  repayments?: WaterfallRepaymentDto[];
}

/**
 * What a disposal brought in and what was owed; every amount in yuan with two decimals. The
 * bank's interest is given either as `interestDue` or, to see it line by line, as `interest`
 * (exactly one of the two).
 */
export class DisposalWaterfallRequestDto {
  @ApiProperty({ example: '1000000.00', description: 'disposal proceeds, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('proceeds') })
  proceeds: string;

  @ApiProperty({ example: '30000.00', description: 'disposal costs, paid first, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('costs') })
  costs: string;

  @ApiPropertyOptional({
    example: '20000.00',
    description: "the bank's interest, yuan (or give `interest` instead)",
  })
  @IsOptional()
  @Matches(YUAN_PATTERN, { message: yuanMessage('interestDue') })
  interestDue?: string;

  @ApiPropertyOptional({
    type: WaterfallInterestRequestDto,
    description: "the bank's interest to the settlement date, computed line by line",
  })
  @IsOptional()
  // Without it an absent or array value passes ValidateNested and reaches the service.
  @IsObject()
  @ValidateNested()
  @Type(() => WaterfallInterestRequestDto)
  interest?: WaterfallInterestRequestDto;

  @ApiProperty({ example: '800000.00', description: 'principal outstanding at default, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('principalDue') })
  principalDue: string;

  @ApiProperty({ example: '432000.00', description: 'what the fund paid on the loss' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('fundPaid') })
  fundPaid: string;

  @ApiProperty({ example: '128000.00', description: 'what the insurer paid on the loss' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('insurerPaid') })
  insurerPaid: string;
}

/** One interest line with its basis (yuan, rates as fractions, business dates). */
export class InterestLineDto {
  @ApiProperty({ enum: ['SCHEDULED', 'CONTRACT', 'PENALTY'] }) kind: string;
  @ApiProperty({ nullable: true, type: Number, description: 'instalment; null for CONTRACT' })
  seq: number | null;
  @ApiProperty({ example: '100000.00' }) principalBase: string;
  @ApiProperty({ example: '0.054' }) annualRate: string;
  @ApiProperty({ example: '2026-02-15' }) from: string;
  @ApiProperty({ example: '2026-05-29' }) to: string;
  @ApiProperty({ example: 103 }) days: number;
  @ApiProperty({ example: '1545.00' }) gross: string;
  @ApiProperty({ example: '0.00' }) paid: string;
  @ApiProperty({ example: '1545.00', description: 'gross − paid' }) amount: string;
}

/** How the bank's interest was made up. */
export class InterestBasisDto {
  @ApiProperty({ example: '2026-05-29' }) asOf: string;
  @ApiProperty({ example: '0.036' }) contractRate: string;
  @ApiProperty({ example: '0.054' }) penaltyRate: string;
  @ApiProperty({ example: '12600.00' }) scheduled: string;
  @ApiProperty({ example: '1120.00' }) contract: string;
  @ApiProperty({ example: '3540.00' }) penalty: string;
  @ApiProperty({ example: '17260.00' }) total: string;
  @ApiProperty({ type: [InterestLineDto] }) lines: InterestLineDto[];
}

/** Where the proceeds went, in yuan with two decimals. */
export class DisposalWaterfallResponseDto {
  @ApiProperty({ example: '20000.00', description: "the bank's interest the waterfall ran on" })
  interestDue: string;
  @ApiProperty({
    type: InterestBasisDto,
    nullable: true,
    description: 'the interest lines, when `interest` was given',
  })
  interestBasis: InterestBasisDto | null;
  @ApiProperty({ example: '30000.00' }) costs: string;
  @ApiProperty({ example: '20000.00' }) bankInterest: string;
  @ApiProperty({ example: '240000.00' }) bankPrincipal: string;
  @ApiProperty({ example: '432000.00' }) fund: string;
  @ApiProperty({ example: '128000.00' }) insurer: string;
  @ApiProperty({ example: '150000.00' }) pledgor: string;
  @ApiProperty({ example: '0.00', description: 'interest and principal not covered' })
  unrecovered: string;
}
