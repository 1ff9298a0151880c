import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../common/validation';

export class IndicatorsQuery {
  @ApiPropertyOptional({ description: 'calendar year; default the year of `asOf`', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional({ description: "the district's six-digit code", example: '310115' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  district?: string;
  @ApiPropertyOptional({ description: "the bank's organisation id", example: 'BANK-SHCB' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  bank?: string;
  @ApiPropertyOptional({
    description: 'count up to this business date (default the business date; not later)',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
