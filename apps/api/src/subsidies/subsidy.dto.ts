import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { DATE_PATTERN, FRACTION_PATTERN, YUAN_PATTERN } from '../common/validation';

const KINDS = ['INTEREST', 'INSURANCE_PREMIUM'] as const;
const PROOF_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

export class PublishPolicyDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: 'INTEREST' | 'INSURANCE_PREMIUM';

  @ApiProperty({ example: '2026-03-01', description: 'first day in force; not before today' })
  @Matches(DATE_PATTERN, { message: 'effectiveFrom must be YYYY-MM-DD' })
  effectiveFrom: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day in force; open if absent' })
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'effectiveTo must be YYYY-MM-DD' })
  effectiveTo?: string;

  @ApiProperty({
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

class ClaimBaseDto {
  @ApiProperty({ example: 'BANK-SHCB-APP-2026-0001' })
  @IsString()
  @MaxLength(80)
  caseNumber: string;

  @ApiPropertyOptional({
    example: '310115',
    description: "district claimed from; default the enterprise's registered district",
  })
  @IsOptional()
  @Matches(/^\d{6}$/)
  districtCode?: string;

  @ApiProperty({ type: [String], example: ['APPLICATION', 'LOAN_CONTRACT'] })
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(PROOF_PATTERN, { each: true, message: 'each proof is a code like "LOAN_CONTRACT"' })
  proofs: string[];
}

export class InterestClaimDto extends ClaimBaseDto {
  @ApiProperty({ example: 1, description: 'first schedule instalment of the claimed period' })
  @IsInt()
  @Min(1)
  @Max(360)
  fromInstalment: number;

  @ApiProperty({ example: 3, description: 'last schedule instalment of the claimed period' })
  @IsInt()
  @Min(1)
  @Max(360)
  toInstalment: number;
}

export class InsuranceClaimDto extends ClaimBaseDto {
  @ApiProperty({ example: 'INS-ANXIN' })
  @IsString()
  @MaxLength(80)
  insurerOrgId: string;

  @ApiProperty({ example: 'AX-2026-000123' })
  @Matches(REFERENCE_PATTERN, { message: 'insurancePolicyNumber must be letters, digits, . _ / -' })
  insurancePolicyNumber: string;

  @ApiProperty({ example: '12000.00' })
  @Matches(YUAN_PATTERN, { message: 'premium must be a yuan amount like "12000.00"' })
  premium: string;

  @ApiProperty({ example: '2026-01-20' })
  @Matches(DATE_PATTERN, { message: 'premiumPaidOn must be YYYY-MM-DD' })
  premiumPaidOn: string;
}

export class ListClaimsQuery {
  @ApiPropertyOptional({ example: 'WAITLISTED,REVIEWED' })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  caseNumber?: string;

  @ApiPropertyOptional({ example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ConfirmPremiumDto {
  @ApiProperty({ example: '12000.00', description: 'the premium the insurer received' })
  @Matches(YUAN_PATTERN, { message: 'premium must be a yuan amount like "12000.00"' })
  premium: string;
}

export class ReviewClaimDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class PayClaimDto {
  @ApiProperty({ example: 'PAY-2026-000045', description: 'unique across all claims' })
  @Matches(REFERENCE_PATTERN, { message: 'paymentReference must be letters, digits, . _ / -' })
  paymentReference: string;
}

export class ClaimReasonDto {
  @ApiProperty({ example: 'Repayment voucher does not match the bank ledger' })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason: string;
}
