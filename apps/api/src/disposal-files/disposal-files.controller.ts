import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AuditSubject } from '../audit/audit.decorators';
import { RecordFindingDto } from './disposal-finding.request.dto';
import { DisposalFilesService } from './disposal-files.service';

/**
 * The administrators' disposal audit (administrators read everything and write only audit
 * findings). Every route is for ADMINISTRATOR alone; other roles get 403.
 */
@ApiTags('disposal audit')
@ApiBearerAuth()
@Roles('ADMINISTRATOR')
@Controller('api/v1/admin/disposal-files/:caseNumber')
@AuditSubject('CASE', ({ params }) => params.caseNumber)
export class DisposalFilesController {
  constructor(private readonly files: DisposalFilesService) {}

  @Get()
  @ApiOperation({
    summary:
      'The disposal file: timeline, valuations, price path, bids, decisions, waterfall, filings, findings',
  })
  file(@Param('caseNumber') caseNumber: string) {
    return this.files.file(caseNumber);
  }

  @Get('pdf')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The same disposal file laid out for print (zh/en headings)' })
  async pdf(
    @Param('caseNumber') caseNumber: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { content, jsonSha256 } = await this.files.pdf(caseNumber);
    res.setHeader('X-Disposal-File-SHA256', jsonSha256);
    return new StreamableFile(content, {
      type: 'application/pdf',
      disposition: `inline; filename="disposal-file-${caseNumber.replace(/[^A-Za-z0-9-]/g, '_')}.pdf"`,
    });
  }

  @Post('findings')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a finding on the disposal file (changes nothing else)' })
  recordFinding(
    @Param('caseNumber') caseNumber: string,
    @Body() body: RecordFindingDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.files.recordFinding(caseNumber, body, user);
  }
}
