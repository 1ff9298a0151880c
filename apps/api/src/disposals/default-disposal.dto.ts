import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DISPOSAL_METHODS, type DisposalMethod } from '../../../../libs/domain/src/disposal';
import {
  PRIVATE_METHODS,
  type PrivateMethod,
} from '../../../../workflows/disposal/disposal.shared';
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

export class ClaimPaymentDto {
  @ApiProperty({ description: "the payer's own unique transaction reference" })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;
}

export class DisposalMethodDto {
  @ApiProperty({ enum: DISPOSAL_METHODS })
  @IsIn(DISPOSAL_METHODS as unknown as string[])
  method: DisposalMethod;
}

export class OpenRoundDto {
  @ApiProperty({ example: '3500000.00' })
  @Matches(YUAN_PATTERN)
  startingPrice: string;
}

export class BidDto {
  @ApiProperty({ description: 'the bidder (USCC of a firm)', example: '91310115MA1K3YJ122' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  bidder: string;

  @ApiProperty({ example: '3600000.00' })
  @Matches(YUAN_PATTERN)
  amount: string;
}

export class ProposeSaleDto {
  @ApiProperty({ enum: PRIVATE_METHODS })
  @IsIn(PRIVATE_METHODS as unknown as string[])
  method: PrivateMethod;

  @ApiProperty({ description: 'buyer, licensee or the bank (USCC or organisation id)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  buyer: string;

  @ApiProperty({ example: '2000000.00' })
  @Matches(YUAN_PATTERN)
  price: string;
}

export class CompleteSaleDto {
  @ApiProperty({
    description: 'disposal costs (fees of the exchange, registration)',
    example: '15500.00',
  })
  @Matches(YUAN_PATTERN)
  costs: string;
}

export class TopUpDto {
  @ApiProperty({ description: 'unique reference of the transfer into the fund' })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;

  @ApiProperty({ example: '10000000.00' })
  @Matches(YUAN_PATTERN)
  amount: string;
}
