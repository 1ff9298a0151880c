import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { YUAN_PATTERN } from '../common/validation';

const yuanMessage = (field: string) => `${field} must be a yuan amount like "1000000.00"`;

/** What a disposal brought in and what was owed; every amount in yuan with two decimals. */
export class DisposalWaterfallRequestDto {
  @ApiProperty({ example: '1000000.00', description: 'disposal proceeds, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('proceeds') })
  proceeds: string;

  @ApiProperty({ example: '30000.00', description: 'disposal costs, paid first, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('costs') })
  costs: string;

  @ApiProperty({ example: '20000.00', description: "the bank's overdue interest, yuan" })
  @Matches(YUAN_PATTERN, { message: yuanMessage('interestDue') })
  interestDue: string;

  @ApiProperty({ example: '800000.00', description: 'principal outstanding at default, yuan' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('principalDue') })
  principalDue: string;

  @ApiProperty({ example: '432000.00', description: 'what the fund paid on the principal loss' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('fundPaid') })
  fundPaid: string;

  @ApiProperty({ example: '128000.00', description: 'what the insurer paid on the principal loss' })
  @Matches(YUAN_PATTERN, { message: yuanMessage('insurerPaid') })
  insurerPaid: string;
}

/** Where the proceeds went, in yuan with two decimals. */
export class DisposalWaterfallResponseDto {
  @ApiProperty({ example: '30000.00' }) costs: string;
  @ApiProperty({ example: '20000.00' }) bankInterest: string;
  @ApiProperty({ example: '240000.00' }) bankPrincipal: string;
  @ApiProperty({ example: '432000.00' }) fund: string;
  @ApiProperty({ example: '128000.00' }) insurer: string;
  @ApiProperty({ example: '150000.00' }) pledgor: string;
  @ApiProperty({ example: '0.00', description: 'interest and principal not covered' })
  unrecovered: string;
}
