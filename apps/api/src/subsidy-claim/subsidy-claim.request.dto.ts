import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SUBSIDY_CLAIM_STATUSES } from '../../../../libs/domain/src/subsidy-claim/subsidy-claim.states';
import { IsCalendarDate, IsListOf, YUAN_PATTERN } from '../common/validation';

const PROOF_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

class SubsidyClaimBaseDto {
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

export class InterestSubsidyClaimDto extends SubsidyClaimBaseDto {
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

export class InsuranceSubsidyClaimDto extends SubsidyClaimBaseDto {
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
  @IsCalendarDate()
  premiumPaidOn: string;
}

export class ListSubsidyClaimsQuery {
  @ApiPropertyOptional({ example: 'WAITLISTED,REVIEWED' })
  @IsOptional()
  @IsListOf(SUBSIDY_CLAIM_STATUSES)
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

export class ReviewSubsidyClaimDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class PaySubsidyClaimDto {
  @ApiProperty({ example: 'PAY-2026-000045', description: 'unique across all claims' })
  @Matches(REFERENCE_PATTERN, { message: 'paymentReference must be letters, digits, . _ / -' })
  paymentReference: string;
}

export class SubsidyClaimReasonDto {
  @ApiProperty({ example: 'Repayment voucher does not match the bank ledger' })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason: string;
}
