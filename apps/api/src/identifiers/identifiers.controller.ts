import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { validateIdentifier, type IdentifierKind } from '../../../../libs/domain/src/identifiers';

const KINDS: IdentifierKind[] = ['USCC', 'PATENT_APPLICATION', 'TRADEMARK', 'SOFTWARE_COPYRIGHT'];

class ValidateIdentifierQuery {
  @ApiProperty({ enum: KINDS, example: 'USCC' })
  @IsIn(KINDS)
  kind: IdentifierKind;

  @ApiProperty({ example: '91350200776049653A' })
  @IsString()
  @MaxLength(64)
  value: string;
}

@ApiTags('identifiers')
@ApiBearerAuth()
@Controller('api/v1/identifiers')
export class IdentifiersController {
  @Get('validate')
  @ApiOperation({
    summary:
      'Check character and format of a USCC, patent application, trademark or software copyright number',
  })
  validate(@Query() query: ValidateIdentifierQuery) {
    const result = validateIdentifier(query.kind, query.value);
    return {
      valid: result.valid,
      normalized: result.normalized,
      reason: result.reason,
      severity: result.severity,
    };
  }
}
