import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEFAULT_REASON_CODES } from '../../../../libs/domain/src/loan-case/loan-case.default-proposal';
import { YUAN_PATTERN } from '../common/validation';

/**
 * A reason the workflow requires (REASON_REQUIRED when missing or blank): optional here so that
 * the refusal carries the business code, not a generic validation failure.
 */
export class OptionalReasonDto {
  @ApiPropertyOptional({ description: 'required by the step; refused with REASON_REQUIRED' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/**
 * A loan officer's default proposal. The code is checked by the workflow (DEFAULT_REASON_REQUIRED,
 * DEFAULT_REASON_INVALID, DEFAULT_REASON_TEXT_TOO_SHORT), so the refusal carries the business code.
 */
export class DefaultProposalDto {
  @ApiPropertyOptional({
    enum: DEFAULT_REASON_CODES,
    description: 'required; PAST_DUE only once days past due reach the product overdueAfterDays',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reasonCode?: string;

  @ApiPropertyOptional({
    description: 'free text; at least 20 characters with reasonCode OTHER',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CompensationClaimPaymentDto {
  @ApiProperty({
    example: 'PAY-2026-0001',
    description: "the payer's own unique transaction reference",
  })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;
}

export class CompensationFundTopUpDto {
  @ApiProperty({
    example: 'FUND-2026-003',
    description: 'unique reference of the transfer into the fund',
  })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;

  @ApiProperty({ example: '10000000.00' })
  @Matches(YUAN_PATTERN)
  amount: string;
}
