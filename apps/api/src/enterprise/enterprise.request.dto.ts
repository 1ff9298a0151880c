import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
import { IsEmailAddress } from '../common/validation';
import { UsccConfirmationDto } from '../loan-case/loan-case.request.dto';

export const SME_CLASSES = ['MICRO', 'SMALL', 'MEDIUM', 'NOT_SME'] as const;

export class LegalRepresentativeDto {
  @ApiProperty({ example: '张三' })
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: '11010519491231002X', description: 'GB 11643 resident ID number' })
  @IsString()
  @MaxLength(20)
  idNumber: string;
}

export class ContactDto {
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(50) name: string;

  @ApiProperty({ example: '021-50000000' })
  @Matches(/^[0-9+\-() ]{7,20}$/)
  phone: string;

  @ApiProperty({ example: 'finance@example.cn' })
  @IsEmailAddress()
  @MaxLength(200)
  email: string;
}

export class RegisterEnterpriseDto {
  @ApiProperty({ example: '91310115MA1K3YJ12G' })
  @IsString()
  @MaxLength(32)
  uscc: string;

  @ApiProperty({ example: '上海示例科技有限公司' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  legalName: string;

  @ApiProperty({ example: '310115' })
  @Matches(/^\d{6}$/)
  districtCode: string;

  @ApiProperty({ enum: SME_CLASSES })
  @IsIn(SME_CLASSES as unknown as string[])
  smeClass: (typeof SME_CLASSES)[number];

  @ApiProperty({ type: LegalRepresentativeDto })
  // Without it an absent or array value passes ValidateNested and reaches the service.
  @IsObject()
  @ValidateNested()
  @Type(() => LegalRepresentativeDto)
  legalRepresentative: LegalRepresentativeDto;

  @ApiProperty({ type: ContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;

  @ApiPropertyOptional({
    type: UsccConfirmationDto,
    description: 'required when the USCC check character fails',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => UsccConfirmationDto)
  confirmUsccCheck?: UsccConfirmationDto;
}

export class SearchEnterprisesQuery {
  @ApiPropertyOptional({ description: 'part of the legal name, or the start of the USCC' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
