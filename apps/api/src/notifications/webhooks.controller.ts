import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
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
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AppConfig } from '../../../../libs/common/src/config';
import { ProblemException } from '../../../../libs/common/src/problem';
import type { Role } from '../../../../libs/domain/src/roles';
import { NotificationDeliveryRepository } from '../../../../libs/persistence/src/repositories/notifications/notification-delivery.repository';
import { QueueService } from '../../../../libs/queue/src/queue.service';

/**
 * Who manages an organisation's webhook endpoints: the senior role of each kind of organisation
 * (not a bank's loan officer nor a district's reviewer), and the IP office's administrator for
 * any organisation.
 */
const WEBHOOK_MANAGERS: Role[] = [
  'CREDIT_APPROVER',
  'DISTRICT_APPROVER',
  'EVALUATOR',
  'REGISTRATION_CLERK',
  'INSURER',
  'FUND_MANAGER',
  'EXCHANGE_OPERATOR',
  'ADMINISTRATOR',
];

const EVENT_TYPE = /^[A-Z][A-Z0-9_]{1,63}$/;

class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://bank.example/ip-pledge/events' })
  @IsString()
  @MaxLength(2000)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'url must be an http(s):// URL' })
  url: string;

  @ApiPropertyOptional({
    example: ['CASE_STEP', 'TASK_CREATED'],
    description: 'Only these event types; every event addressed to the organisation when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(EVENT_TYPE, { each: true, message: 'each event type is an upper-case name' })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'core banking system' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({
    example: 'BANK-SHCB',
    description: 'The administrator registers for any organisation; others for their own',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organisationId?: string;
}

class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: ['PENDING', 'DELIVERED', 'DEAD'] })
  @IsOptional()
  @IsIn(['PENDING', 'DELIVERED', 'DEAD'])
  status?: 'PENDING' | 'DELIVERED' | 'DEAD';

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

const isId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id);

/**
 * An organisation's webhook endpoints: every outbox event addressed to the organisation is
 * POSTed to each, signed with the endpoint's secret (shown once, at registration).
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles(...WEBHOOK_MANAGERS)
@Controller('api/v1/webhooks/endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Register a webhook endpoint; the answer holds its signing secret, shown this once (400 WEBHOOK_URL_NOT_ALLOWED, 403 ORGANISATION_FORBIDDEN, 404 ORGANISATION_NOT_FOUND)',
  })
  async create(@Body() body: CreateWebhookEndpointDto, @CurrentUser() user: AuthenticatedUser) {
    const organisationId = body.organisationId ?? user.organisationId;
    if (organisationId !== user.organisationId && user.role !== 'ADMINISTRATOR')
      throw new ProblemException(
        'ORGANISATION_FORBIDDEN',
        `${user.organisationId} may not register endpoints for ${organisationId}`,
      );
    if (this.config.isProduction && !body.url.startsWith('https://'))
      throw new ProblemException('WEBHOOK_URL_NOT_ALLOWED', `${body.url} is not https://`);
    if (!(await this.deliveries.organisationExists(organisationId)))
      throw new ProblemException('ORGANISATION_NOT_FOUND', `No organisation ${organisationId}`);
    const secret = randomBytes(32).toString('hex');
    const endpoint = await this.deliveries.createEndpoint({
      organisationId,
      url: body.url,
      secret,
      eventTypes: body.eventTypes ?? null,
      description: body.description ?? null,
      createdBy: user.userId,
    });
    return { ...endpoint, secret };
  }

  @Get()
  @ApiOperation({
    summary: 'The live webhook endpoints of my organisation (the administrator: of every one)',
  })
  async list(@CurrentUser() user: AuthenticatedUser) {
    return {
      items: await this.deliveries.endpoints(
        user.role === 'ADMINISTRATOR' ? null : user.organisationId,
      ),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a webhook endpoint: nothing more is sent to it (404 WEBHOOK_ENDPOINT_NOT_FOUND)',
  })
  async remove(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    const deleted =
      isId(id) &&
      (await this.deliveries.deleteEndpoint(
        id,
        user.role === 'ADMINISTRATOR' ? null : user.organisationId,
        user.userId,
      ));
    if (!deleted)
      throw new ProblemException('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}`);
  }
}

/** The administrator's view of webhook deliveries: dead letters and their replay. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('ADMINISTRATOR')
@Controller('api/v1/admin/webhooks/deliveries')
export class WebhookDeliveriesController {
  constructor(
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Webhook deliveries, newest first (status=DEAD: the dead letters)' })
  async list(@Query() query: ListDeliveriesQuery) {
    return {
      items: await this.deliveries.webhookDeliveries({
        status: query.status ?? null,
        limit: query.limit ?? 100,
      }),
    };
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send a dead-lettered delivery again from its first attempt (404 WEBHOOK_DELIVERY_NOT_FOUND, 409 WEBHOOK_DELIVERY_NOT_DEAD, 409 WEBHOOK_ENDPOINT_DELETED)',
  })
  async replay(@Param('id') id: string) {
    const replayed = isId(id) ? await this.deliveries.replay(id) : null;
    if (!replayed || (!replayed.ok && replayed.reason === 'NOT_FOUND'))
      throw new ProblemException('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${id}`);
    if (!replayed.ok)
      throw new ProblemException(
        replayed.reason === 'NOT_DEAD' ? 'WEBHOOK_DELIVERY_NOT_DEAD' : 'WEBHOOK_ENDPOINT_DELETED',
        `Delivery ${id} cannot be replayed`,
      );
    const { delivery } = replayed;
    // Should Redis be away, the worker's sweep queues it: the row is pending and due.
    await this.queues
      .enqueueDelivery({ deliveryId: delivery.id, round: delivery.round, attempts: 0 })
      .catch(() => undefined);
    return { id: delivery.id, status: 'PENDING', round: delivery.round };
  }
}
