import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  DISPOSAL_METHODS,
  PRIVATE_METHODS,
  type DisposalMethod,
  type PrivateMethod,
} from '../../../../libs/domain/src/disposal';
import { YUAN_PATTERN } from '../common/validation';

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
