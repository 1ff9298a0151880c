import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
  ValidateNested,
} from 'class-validator';
import { REGISTRATION_REFUSAL_REASONS } from '../../../../libs/domain/src/ip-assets';
import { REPAYMENT_METHODS, type RepaymentMethod } from '../../../../libs/domain/src/schedule';
import { CASE_STATUSES } from '../../../../libs/domain/src/loan-case/loan-case.states';
import { CASE_LIST_SORTS } from '../../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import { FRACTION_PATTERN, IsCalendarDate, IsListOf, YUAN_PATTERN } from '../common/validation';

export class UsccConfirmationDto {
  @ApiProperty({ description: 'why the code is right although its check character fails' })
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  reason: string;
}

/**
 * The pledgor, picked from the enterprise register by its USCC. Its legal name, district, SME
 * class and legal representative come from the register, so they cannot be typed here (an
 * extra field is refused as unknown: 400 VALIDATION_FAILED); a USCC whose check character
 * fails is confirmed once, when the firm is registered.
 */
export class EnterpriseDto {
  @ApiProperty({ example: '91310115MA1K3YJ12X' })
  @IsString()
  @MaxLength(32)
  uscc: string;
}

export class PledgedAssetDto {
  @ApiProperty({ enum: ['PATENT', 'TRADEMARK', 'SOFTWARE_COPYRIGHT'] })
  @IsIn(['PATENT', 'TRADEMARK', 'SOFTWARE_COPYRIGHT'])
  type: 'PATENT' | 'TRADEMARK' | 'SOFTWARE_COPYRIGHT';

  @ApiProperty({ example: 'ZL 201410362077.3' })
  @IsString()
  @MaxLength(40)
  number: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'USCCs of co-owners whose written consent is on file',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  coOwnerConsents?: string[];

  @ApiPropertyOptional({
    description: 'parties confirm to proceed although invalidation is pending',
  })
  @IsOptional()
  @IsBoolean()
  invalidationPendingConfirmed?: boolean;
}

export class CreateCaseDto {
  @ApiProperty({
    example: 'APP-2026-0001',
    description: "the bank's own application reference; the case number derives from it",
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/)
  bankReference: string;

  @ApiProperty({ example: 'SHCB-IP-STD' })
  @IsString()
  productCode: string;

  @ApiProperty({ type: EnterpriseDto })
  // Without it an absent or array value passes ValidateNested and reaches the service.
  @IsObject()
  @ValidateNested()
  @Type(() => EnterpriseDto)
  enterprise: EnterpriseDto;

  @ApiProperty({ example: '1000000.00' })
  @Matches(YUAN_PATTERN, { message: 'amount must be a yuan amount like "1000000.00"' })
  amount: string;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(360)
  termMonths: number;

  @ApiProperty({ example: '0.0345' })
  @Matches(FRACTION_PATTERN)
  annualRate: string;

  @ApiProperty({ enum: REPAYMENT_METHODS })
  @IsIn(REPAYMENT_METHODS as unknown as string[])
  repaymentMethod: RepaymentMethod;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  paymentFrequencyMonths?: number;

  @ApiProperty({ type: [PledgedAssetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PledgedAssetDto)
  assets: PledgedAssetDto[];
}

export class ReasonDto {
  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason: string;
}

export class ReassignOwnerDto {
  @ApiProperty({ example: 'officer2.shcb', description: 'user id of the new owner' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  ownerUserId: string;

  @ApiPropertyOptional({ description: 'why the case changes hands; refused with REASON_REQUIRED' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RequestValuationDto {
  @ApiProperty({ example: 'VAL-HUAYU' })
  @IsString()
  firmOrgId: string;
}

export class AssetValueDto {
  @ApiProperty()
  @IsString()
  number: string;

  @ApiProperty({ example: '5000000.00' })
  @Matches(YUAN_PATTERN)
  value: string;
}

export class ValuationReportDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9-]{3,40}$/)
  reportNumber: string;

  @ApiProperty({ enum: ['INCOME', 'MARKET', 'COST'] })
  @IsIn(['INCOME', 'MARKET', 'COST'])
  method: 'INCOME' | 'MARKET' | 'COST';

  @ApiProperty({ description: 'valuation base date (评估基准日)' })
  @IsCalendarDate()
  baseDate: string;

  @ApiPropertyOptional({ description: 'defaults to the product validity from the base date' })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;

  @ApiProperty({ type: [AssetValueDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AssetValueDto)
  assets: AssetValueDto[];
}

export class RiskSharingDto {
  @ApiProperty({ example: 2000 }) @IsInt() @Min(0) @Max(10000) bankBp: number;
  @ApiProperty({ example: 1600 }) @IsInt() @Min(0) @Max(10000) insurerBp: number;
  @ApiProperty({ example: 5400 }) @IsInt() @Min(0) @Max(10000) fundBp: number;
  @ApiProperty({ example: 1000 }) @IsInt() @Min(0) @Max(10000) guarantorBp: number;
}

export class ApproveCreditDto {
  @ApiProperty({ type: RiskSharingDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RiskSharingDto)
  riskSharing: RiskSharingDto;

  @ApiPropertyOptional({
    example: '0.6',
    description:
      'Share of the loan secured by the pledged IP (default 1: IP is the only collateral)',
  })
  @IsOptional()
  @Matches(FRACTION_PATTERN)
  ipSecuredShare?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class SignContractDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9-]{3,40}$/) loanContractNumber: string;
  @ApiProperty() @Matches(/^[A-Za-z0-9-]{3,40}$/) pledgeContractNumber: string;
  @ApiProperty() @IsCalendarDate() signedOn: string;

  @ApiProperty({
    description:
      'true if the contract hands the IP to the bank on default (流质); such contracts are refused',
  })
  @IsBoolean()
  forfeitureClause: boolean;
}

export class AcceptRegistrationDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9-]{3,40}$/) registrationNumber: string;
  @ApiProperty() @IsCalendarDate() registeredOn: string;
}

export class RefuseRegistrationDto {
  @ApiProperty({ enum: Object.keys(REGISTRATION_REFUSAL_REASONS) })
  @IsIn(Object.keys(REGISTRATION_REFUSAL_REASONS))
  reason: keyof typeof REGISTRATION_REFUSAL_REASONS;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class DisburseDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9-]{3,60}$/) reference: string;
  @ApiProperty() @IsCalendarDate() valueDate: string;
}

export class RepaymentDto {
  @ApiProperty({
    description: "the bank's unique transaction reference; recording it twice books it once",
  })
  @Matches(/^[A-Za-z0-9-]{3,60}$/)
  reference: string;

  @ApiProperty({ example: '84898.82' }) @Matches(YUAN_PATTERN) amount: string;
  @ApiProperty() @IsCalendarDate() valueDate: string;

  @ApiPropertyOptional({ enum: ['SCHEDULED', 'SETTLEMENT'], default: 'SCHEDULED' })
  @IsOptional()
  @IsIn(['SCHEDULED', 'SETTLEMENT'])
  kind?: 'SCHEDULED' | 'SETTLEMENT';
}

export class RegisterReleaseDto {
  @ApiProperty() @Matches(/^[A-Za-z0-9-]{3,40}$/) cancellationNumber: string;
  @ApiProperty() @IsCalendarDate() registeredOn: string;
}

const LIST_SORTS = CASE_LIST_SORTS.flatMap((key) => [key, `-${key}`]);

export class ListCasesQuery {
  @ApiPropertyOptional({ description: 'comma-separated statuses', example: 'ACTIVE,OVERDUE' })
  @IsOptional()
  @IsListOf(CASE_STATUSES)
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() bank?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) district?: string;
  @ApiPropertyOptional({
    description: "the enterprise's USCC, or a part of its name (case-insensitive)",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  enterprise?: string;
  @ApiPropertyOptional({ description: '`me` (my cases) or a user id: cases that user owns' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  owner?: string;
  @ApiPropertyOptional({ description: 'loan product code', example: 'SHCB-IP-STD' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  product?: string;
  @ApiPropertyOptional({
    description: 'cases with an unpaid instalment due within this many days of the business date',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3660)
  dueWithinDays?: number;
  @ApiPropertyOptional({ description: 'cases at least this many days past due' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36600)
  minDaysPastDue?: number;
  @ApiPropertyOptional({
    description: 'text searched in the case number, enterprise name and bank reference',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({
    enum: LIST_SORTS,
    default: '-createdAt',
    description: 'sort key, `-` for descending; ties are ordered by case number',
  })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: string;
  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
}
