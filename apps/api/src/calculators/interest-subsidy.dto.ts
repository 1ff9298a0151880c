import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { FRACTION_PATTERN, IsCalendarDate, YUAN_PATTERN } from '../common/validation';

export class InterestSubsidyRequestDto {
  @ApiProperty({ example: '2875.00', description: 'interest actually paid for the period, yuan' })
  @Matches(YUAN_PATTERN, { message: 'interestPaid must be a yuan amount like "2875.00"' })
  interestPaid: string;

  @ApiProperty({ example: '1000000.00', description: 'principal outstanding in the period, yuan' })
  @Matches(YUAN_PATTERN, {
    message: 'outstandingPrincipal must be a yuan amount like "1000000.00"',
  })
  outstandingPrincipal: string;

  @ApiProperty({ example: '2026-01-15', description: 'first day of the period (inclusive)' })
  @IsCalendarDate()
  periodStart: string;

  @ApiProperty({ example: '2026-02-15', description: 'end of the period (exclusive)' })
  @IsCalendarDate()
  periodEnd: string;

  @ApiProperty({ example: '0.0300', description: 'annual LPR as a fraction, below 1' })
  @Matches(FRACTION_PATTERN, { message: 'lpr must be a fraction like "0.0300"' })
  lpr: string;

  @ApiProperty({ example: '1.4', description: 'multiple of the LPR the interest is counted at' })
  @Matches(FRACTION_PATTERN, { message: 'lprMultiple must be a fraction like "1.4"' })
  lprMultiple: string;

  @ApiProperty({
    example: true,
    description: 'whether the interest is capped at lpr × lprMultiple',
  })
  @IsBoolean()
  lprCap: boolean;

  @ApiProperty({ example: '0.6', description: 'IP-secured share of the loan, 0–1' })
  @Matches(FRACTION_PATTERN, { message: 'ipShare must be a fraction like "0.6"' })
  ipShare: string;

  @ApiProperty({ example: '0.5', description: 'subsidy ratio, 0–1' })
  @Matches(FRACTION_PATTERN, { message: 'ratio must be a fraction like "0.5"' })
  ratio: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '50000.00',
    description: 'room left under the caps, yuan; null or absent = no cap',
  })
  @IsOptional()
  @Matches(YUAN_PATTERN, { message: 'capRemaining must be a yuan amount like "50000.00" or null' })
  capRemaining?: string | null;
}

export class InterestSubsidyResponseDto {
  @ApiProperty({ example: 31, description: 'periodEnd − periodStart' })
  days: number;

  @ApiProperty({ example: '2583.33', description: 'outstanding × lpr × lprMultiple × days / 360' })
  lprInterest: string;

  @ApiProperty({
    example: '2583.33',
    description: 'lower of interestPaid and lprInterest when capped',
  })
  base: string;

  @ApiProperty({ example: '2583.33', description: 'base × ipShare' })
  ipBase: string;

  @ApiProperty({ example: '1291.67', description: 'ipBase × ratio, before the cap' })
  beforeCap: string;

  @ApiProperty({ example: '1291.67', description: 'lower of beforeCap and capRemaining' })
  subsidy: string;

  @ApiProperty({ enum: ['CAP', 'LPR'], nullable: true, example: 'LPR' })
  limitedBy: 'CAP' | 'LPR' | null;
}
