import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TASK_SLA_STATES, type TaskSlaState } from '../../../../libs/domain/src/tasks/tasks';

export const TASK_SORTS = ['deadline', '-deadline', 'since'] as const;

export class ListTasksQuery {
  @ApiPropertyOptional({
    description: 'comma-separated task kinds (work item kinds included)',
    example: 'VERIFY_IP,CREDIT_APPROVAL',
  })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,59}(,[A-Z][A-Z0-9_]{0,59}){0,49}$/, {
    message: 'kind must be a comma-separated list of task kinds',
  })
  kind?: string;

  @ApiPropertyOptional({ enum: TASK_SLA_STATES })
  @IsOptional()
  @IsIn(TASK_SLA_STATES)
  sla?: TaskSlaState;

  @ApiPropertyOptional({ example: 'BANK-SHCB-2026-000001' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseNumber?: string;

  @ApiPropertyOptional({ enum: TASK_SORTS, default: 'deadline' })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: (typeof TASK_SORTS)[number];

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class TaskSlaDto {
  @ApiProperty({ example: 'BANK' })
  @IsString()
  @MaxLength(60)
  organisationKind: string;

  @ApiProperty({ example: 'VERIFY_IP' })
  @IsString()
  @MaxLength(60)
  taskKind: string;

  @ApiProperty({ example: 3, description: 'working days the task may take, 1 to 60' })
  @IsInt()
  workingDays: number;

  @ApiProperty({ example: 1, description: 'due soon from this many working days left' })
  @IsInt()
  dueSoonDays: number;
}

export class SetTaskSlasDto {
  @ApiProperty({ type: [TaskSlaDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TaskSlaDto)
  items: TaskSlaDto[];
}
