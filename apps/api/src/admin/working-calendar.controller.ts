import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  addWorkingDays,
  WORKING_CALENDAR_ENTRY_KINDS,
  validateYearEntries,
  WorkingCalendarErrorCodes,
  type WorkingCalendarEntryKind,
} from '../../../../libs/domain/src/calendar/working-calendar';
import { WorkingCalendarRepository } from '../../../../libs/persistence/src/repositories/working-calendar.repository';
import { AuditSubject } from '../audit/audit.decorators';
import { IsCalendarDate } from '../common/validation';

class WorkingDaysQuery {
  @ApiProperty({ example: '2026-09-30', description: 'the day the period opens (not counted)' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: 5, description: 'working days, at least 1' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  days: number;
}

class WorkingCalendarEntryDto {
  @ApiProperty({ example: '2027-10-01' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ enum: WORKING_CALENDAR_ENTRY_KINDS })
  @IsIn(WORKING_CALENDAR_ENTRY_KINDS)
  kind: WorkingCalendarEntryKind;

  @ApiProperty({ example: '国庆节' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

class ReplaceWorkingCalendarYearDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  noticeTitle: string;

  @ApiPropertyOptional({ example: '国办发明电〔2026〕X号', description: '文号' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  noticeReference?: string;

  @ApiPropertyOptional({ example: '2026-11-10' })
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string;

  @ApiPropertyOptional({ description: 'where the notice was read' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  sourceUrl?: string;

  @ApiProperty({ type: [WorkingCalendarEntryDto] })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => WorkingCalendarEntryDto)
  entries: WorkingCalendarEntryDto[];
}

function yearOf(text: string): number {
  if (!/^\d{4}$/.test(text)) {
    throw new ProblemException('VALIDATION_FAILED', `year must be four digits: ${text}`);
  }
  return Number(text);
}

/**
 * The working calendar (工作日): each year's holidays and make-up working days from the State
 * Council notice, read by everyone, replaced by administrators.
 */
@ApiTags('working calendar')
@ApiBearerAuth()
@Controller('api/v1')
export class WorkingCalendarController {
  constructor(private readonly calendar: WorkingCalendarRepository) {}

  // Declared before `working-calendar/:year` so that the literal path is matched first.
  @Get('working-calendar/working-days')
  @ApiOperation({
    summary: 'The deadline `days` working days after `from` (the day after `from` counts first)',
  })
  async workingDays(@Query() query: WorkingDaysQuery) {
    const year = Number(query.from.slice(0, 4));
    const calendar = await this.calendar.read(year, year + Math.ceil(query.days / 240) + 1);
    return {
      from: query.from,
      days: query.days,
      deadline: addWorkingDays(calendar, query.from, query.days),
    };
  }

  @Get('working-calendar/:year')
  @ApiOperation({ summary: 'A year’s notice and its holidays and make-up working days' })
  async year(@Param('year') yearText: string) {
    const year = yearOf(yearText);
    const found = await this.calendar.year(year);
    if (!found) {
      throw new ProblemException(
        WorkingCalendarErrorCodes.WORKING_CALENDAR_NOT_FOUND,
        `No holiday notice is loaded for ${year}`,
        { messageZh: `尚未载入${year}年的节假日安排`, extensions: { year }, status: 404 },
      );
    }
    return found;
  }

  @Put('admin/working-calendar/:year')
  @Roles('ADMINISTRATOR')
  @AuditSubject('WORKING_CALENDAR', ({ params }) => params.year)
  @ApiOperation({ summary: 'Replace a year’s notice and entries (kept in the history)' })
  async replace(
    @Param('year') yearText: string,
    @Body() body: ReplaceWorkingCalendarYearDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const year = yearOf(yearText);
    // Checked here, before the repository is called: it stores what it is given.
    const entries = validateYearEntries(
      year,
      body.entries.map((e) => ({ date: e.date, kind: e.kind, name: e.name })),
    );
    await this.calendar.replaceYear({
      year,
      notice: {
        title: body.noticeTitle,
        reference: body.noticeReference ?? null,
        publishedOn: body.publishedOn ?? null,
        sourceUrl: body.sourceUrl ?? null,
      },
      entries,
      actor: user,
    });
    return this.calendar.year(year);
  }

  @Get('admin/working-calendar/:year/history')
  @Roles('ADMINISTRATOR')
  @ApiOperation({ summary: 'Every replacement of a year, oldest first, before and after' })
  async history(@Param('year') yearText: string) {
    return this.calendar.history(yearOf(yearText));
  }
}
