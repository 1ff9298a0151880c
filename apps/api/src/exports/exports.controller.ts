import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { CurrentUser } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import {
  ExportJobRepository,
  type ExportJobRow,
} from '../../../../libs/persistence/src/repositories/export-job.repository';
import { EXPORT_REPORTS, exportReport } from '../../../../libs/queue/src/exports/reports';
import { QueueService } from '../../../../libs/queue/src/queue.service';

const FORMATS = ['csv', 'xlsx'] as const;

class RequestExportDto {
  @ApiProperty({ enum: EXPORT_REPORTS.map((r) => r.kind), example: 'case-register' })
  @IsString()
  kind: string;

  @ApiProperty({ enum: FORMATS })
  @IsIn(FORMATS as unknown as string[])
  format: (typeof FORMATS)[number];

  @ApiPropertyOptional({ example: { status: 'ACTIVE' }, description: 'Text values only' })
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown>;
}

function view(job: ExportJobRow) {
  return {
    id: job.id,
    kind: job.kind,
    format: job.format,
    filter: job.filter,
    status: job.status,
    rowCount: job.rowCount,
    error: job.error,
    requestedAt: job.requestedAt,
    completedAt: job.completedAt,
    download: job.status === 'READY' ? `/api/v1/exports/${job.id}/download` : null,
  };
}

/**
 * Report exports: a request records the export in PostgreSQL, queues a BullMQ job and answers at
 * once; the worker renders the file; the requester polls the status and downloads when it is ready.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/exports')
export class ExportsController {
  private readonly logger = new Logger('ExportsController');

  constructor(
    private readonly jobs: ExportJobRepository,
    private readonly directory: DirectoryRepository,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a CSV or XLSX export of a report' })
  async request(@Body() body: RequestExportDto, @CurrentUser() user: AuthenticatedUser) {
    const report = exportReport(body.kind);
    if (!report) {
      throw new ProblemException('UNKNOWN_EXPORT_KIND', `No report named ${body.kind}`, {
        extensions: {
          kinds: EXPORT_REPORTS.map((r) => r.kind),
        },
      });
    }
    if (!report.allowedRoles.includes(user.role)) {
      throw new ProblemException('ROLE_FORBIDDEN', `${user.role} may not export ${report.kind}`);
    }
    const filter: Record<string, string> = {};
    for (const [key, value] of Object.entries(body.filter ?? {})) {
      if (!report.filterKeys.includes(key) || typeof value !== 'string') {
        throw new ProblemException(
          'INVALID_EXPORT_FILTER',
          `Filter ${key} is not a text filter of ${report.kind}`,
          { extensions: { allowed: report.filterKeys } },
        );
      }
      filter[key] = value;
    }
    const scoped = report.scope(
      {
        userId: user.userId,
        role: user.role,
        organisationId: user.organisationId,
        districtCode: await this.directory.districtOf(user.organisationId),
      },
      filter,
    );
    if (!scoped.ok) {
      throw new ProblemException(scoped.code, scoped.message, {
        extensions: { details: scoped.details },
      });
    }
    const job = await this.jobs.create({
      id: randomUUID(),
      kind: report.kind,
      format: body.format,
      filter: scoped.filter,
      requestedBy: user.userId,
      requestedOrgId: user.organisationId,
    });
    // The row is the export: if Redis cannot take the job now, the worker's sweep queues it.
    await this.queues
      .enqueueExport({ exportId: job.id })
      .catch((error: unknown) =>
        this.logger.warn(
          { exportId: job.id, err: error instanceof Error ? error.message : String(error) },
          'export not queued; the sweep will queue it',
        ),
      );
    return view(job);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of an export I requested' })
  async status(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return view(await this.ownJob(id, user));
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'The exported file, once READY' })
  async download(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    const job = await this.ownJob(id, user);
    if (job.status === 'FAILED') {
      throw new ProblemException('EXPORT_FAILED', `Export ${id} failed: ${job.error ?? ''}`);
    }
    const file = job.status === 'READY' ? await this.jobs.file(id) : null;
    if (!file) {
      throw new ProblemException('EXPORT_NOT_READY', `Export ${id} is ${job.status}`, {
        // Not `status`: extensions must not shadow the problem's own HTTP status.
        extensions: { exportStatus: job.status },
      });
    }
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  /** Exports hold other organisations' data only as scoped for the requester: theirs alone. */
  private async ownJob(id: string, user: AuthenticatedUser): Promise<ExportJobRow> {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await this.jobs.find(id) : null;
    if (!job || job.requestedBy !== user.userId) {
      throw new ProblemException('EXPORT_NOT_FOUND', `No export ${id} of yours`);
    }
    return job;
  }
}
