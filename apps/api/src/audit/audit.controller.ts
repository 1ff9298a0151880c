import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AuditLog } from '../../../../libs/audit/src/audit-log';
import { AuditVerifier } from '../../../../libs/audit/src/audit-verifier';
import { Roles } from '../../../../libs/auth/src/auth.decorators';

class AuditEntriesQuery {
  @ApiPropertyOptional({ example: 'CASE' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectType?: string;

  @ApiPropertyOptional({ example: 'BANK-SHCB-DEMO-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Entries after this seq (the previous page’s nextAfterSeq)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The administrator's view of the audit log: its entries and the check of its hash chain. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
@Roles('ADMINISTRATOR')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute the hash chain; names the first broken entry (seq, reason) if any',
  })
  verify() {
    return this.verifier.verify();
  }

  @Get('entries')
  @ApiOperation({ summary: 'Audit entries in chain order, optionally of one subject' })
  async entries(@Query() query: AuditEntriesQuery) {
    const limit = query.limit ?? 100;
    const items = await this.audit.entries({
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      afterSeq: query.afterSeq,
      limit,
    });
    return {
      items,
      nextAfterSeq: items.length === limit ? items[items.length - 1]!.seq : null,
    };
  }
}
