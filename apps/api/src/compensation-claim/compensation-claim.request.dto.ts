import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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

export class CompensationClaimPaymentDto {
  @ApiProperty({ description: "the payer's own unique transaction reference" })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;
}

export class CompensationFundTopUpDto {
  @ApiProperty({ description: 'unique reference of the transfer into the fund' })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;

  @ApiProperty({ example: '10000000.00' })
  @Matches(YUAN_PATTERN)
  amount: string;
}
