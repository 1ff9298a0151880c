import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  BELOW_FLOOR_GROUNDS,
  BIDDER_KINDS,
  DISPOSAL_METHODS,
  PRIVATE_METHODS,
  type BidderKind,
  type DisposalMethod,
  type PrivateMethod,
} from '../../../../libs/domain/src/disposal';
import { IsCalendarDate, YUAN_PATTERN } from '../common/validation';

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

/** A bidder's deposit (保证金) as the exchange received it. */
export class DepositDto {
  @ApiProperty({ example: '50000.00' })
  @Matches(YUAN_PATTERN)
  amount: string;

  @ApiProperty({ description: "the exchange's payment reference", example: 'DEP-2026-0001' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  reference: string;

  @ApiProperty({ description: 'business date paid, on or before today', example: '2026-05-18' })
  @IsCalendarDate()
  paidOn: string;
}

/** A deposit recorded for a registered bidder of the disposal. */
export class RecordDepositDto extends DepositDto {
  @ApiProperty({ description: 'the bidder id the registration answered', example: 'B-1' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  bidderId: string;
}

export class RegisterBidderDto {
  @ApiProperty({ enum: BIDDER_KINDS })
  @IsIn(BIDDER_KINDS as unknown as string[])
  kind: BidderKind;

  @ApiProperty({
    description: 'USCC of a firm or resident ID number of a person (checked by the disposal)',
    example: '91310115MA1K3YJ122',
  })
  @IsString()
  @MaxLength(40)
  identity: string;

  @ApiProperty({ example: '上海某科技有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: DepositDto, description: 'the deposit, if already paid' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DepositDto)
  deposit?: DepositDto;
}

export class BidDto {
  @ApiProperty({ description: 'a registered bidder with its deposit recorded', example: 'B1' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  bidderId: string;

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

export class ApproveSaleDto {
  @ApiPropertyOptional({ description: 'required by the step; refused with REASON_REQUIRED' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    enum: Object.keys(BELOW_FLOOR_GROUNDS),
    description: 'required unless an auction round closed unsold; see GET below-floor-grounds',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  ground?: string;
}

export class ApproveWriteOffDto {
  @ApiPropertyOptional({ description: "the administrator's note" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class TransferRegistrationDto {
  @ApiProperty({ description: 'the transfer registration number', example: 'ZR2026000123' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  registrationNumber: string;

  @ApiProperty({ description: 'registration date (business date)', example: '2026-06-02' })
  @IsCalendarDate()
  registeredOn: string;
}
