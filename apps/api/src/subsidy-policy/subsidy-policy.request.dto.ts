import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min } from 'class-validator';
import { FRACTION_PATTERN, IsCalendarDate, YUAN_PATTERN } from '../common/validation';

const KINDS = ['INTEREST', 'INSURANCE_PREMIUM'] as const;
const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** Interest-subsidy terms that pass the policy check: half the interest, capped at the LPR. */
const EXAMPLE_INTEREST_TERMS = {
  programme: 'EXAMPLE-2026-IP-INTEREST',
  eligibility: {
    registeredInDistrict: true,
    smeOnly: false,
    assetKinds: [],
    minIpShare: '0.3',
    performingOnly: true,
    firstPledgeOnly: false,
    excludesProgrammes: [],
  },
  lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1' },
  ratio: '0.5',
  subsidisedMonths: 6,
  caps: { perLoan: null, perEnterprisePerYear: '50000.00', perEnterpriseCumulative: null },
  trigger: 'AFTER_SETTLEMENT',
  window: { repaidFrom: '2026-01-01', repaidTo: '2026-12-31' },
  requiredProofs: ['APPLICATION', 'LOAN_CONTRACT', 'DISBURSEMENT_VOUCHER', 'REPAYMENT_VOUCHER'],
};

export class PublishPolicyDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';

  @ApiProperty({ example: '2026-03-01', description: 'first day in force; not before today' })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day in force; open if absent' })
  @IsOptional()
  @IsCalendarDate()
  effectiveTo?: string;

  @ApiProperty({
    example: EXAMPLE_INTEREST_TERMS,
    description:
      'policy terms: programme, eligibility, lprCap, ratio, subsidisedMonths, caps, trigger, window, requiredProofs (see README)',
  })
  @IsObject()
  terms: Record<string, unknown>;
}

export class ListPoliciesQuery {
  @ApiPropertyOptional({ example: '310116' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  district?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: 'INTEREST' | 'INSURANCE_PREMIUM';
}

export class LprDto {
  @ApiProperty({ example: '0.03', description: '1-year LPR as a fraction' })
  @Matches(FRACTION_PATTERN, { message: 'oneYear must be a fraction like "0.0345"' })
  oneYear: string;

  @ApiProperty({ example: '0.035', description: '5-year LPR as a fraction' })
  @Matches(FRACTION_PATTERN, { message: 'fiveYear must be a fraction like "0.0395"' })
  fiveYear: string;
}

export class ListBudgetsQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2999)
  year?: number;
}

export class TopUpDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2999)
  budgetYear: number;

  @ApiProperty({ example: '500000.00' })
  @Matches(YUAN_PATTERN, { message: 'amount must be a yuan amount like "500000.00"' })
  amount: string;

  @ApiProperty({
    example: 'FIN-2026-017',
    description: "the finance office's reference; the same reference tops up only once",
  })
  @Matches(REFERENCE_PATTERN, { message: 'reference must be letters, digits, . _ / -' })
  reference: string;
}

export class BudgetPlanDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';

  @ApiProperty({ example: 2028, description: 'a year after the business date’s, pool not open' })
  @IsInt()
  @Min(2000)
  @Max(2999)
  budgetYear: number;

  @ApiProperty({ example: '3000000.00', description: 'what the pool opens with' })
  @Matches(YUAN_PATTERN, { message: 'amount must be a yuan amount like "3000000.00"' })
  amount: string;
}

export class WhatIfDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';

  @ApiProperty({
    example: EXAMPLE_INTEREST_TERMS,
    description: 'the draft policy terms, as for publishing (checked the same way; not stored)',
  })
  @IsObject()
  terms: Record<string, unknown>;

  @ApiProperty({ example: '2025-01-01', description: 'first submission date of the claims re-run' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({
    example: '2025-12-31',
    description: 'last submission date (not after today; the range under three years)',
  })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({
    example: '310116',
    description: "district whose claims are re-run; only the caller's own (the default)",
  })
  @IsOptional()
  @Matches(/^\d{6}$/)
  districtCode?: string;
}
