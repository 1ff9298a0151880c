import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import type { FindingSeverity } from '../../../../libs/persistence/src/repositories/disposal/disposal-file.repository';

export const FINDING_SEVERITIES: readonly FindingSeverity[] = [
  'INFO',
  'OBSERVATION',
  'FINDING',
  'SERIOUS',
];

/** Text with at least one character that is not white space. */
const NOT_BLANK = /\S/;

/** An administrator's finding on a disposal file. */
export class RecordFindingDto {
  @ApiProperty({ enum: FINDING_SEVERITIES })
  @IsIn(FINDING_SEVERITIES as string[])
  severity: FindingSeverity;

  @ApiProperty({ example: '第二轮降幅接近上限 Round 2 cut close to the limit', maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'text must not be blank' })
  @MaxLength(10000)
  text: string;
}
