import { Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentUser } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  isNotificationLanguage,
  languageOfAcceptLanguage,
  renderNotification,
} from '../../../../libs/domain/src/notifications/notification-templates';
import { NotificationDeliveryRepository } from '../../../../libs/persistence/src/repositories/notifications/notification-delivery.repository';

class ListNotificationsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only the unread ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

/**
 * The caller's in-app notifications: one per outbox event addressed to its organisation (and
 * role, for a task), written by the worker's dispatcher. Each user sees only its own; the text
 * is rendered in the user's language, else the request's Accept-Language, else Chinese.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly deliveries: NotificationDeliveryRepository) {}

  @Get()
  @ApiOperation({
    summary: 'My notifications, newest first: {items, total, unreadCount}',
  })
  async list(
    @Query() query: ListNotificationsQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const chosen = await this.deliveries.languageOf(user.userId);
    const language = isNotificationLanguage(chosen)
      ? chosen
      : languageOfAcceptLanguage(acceptLanguage);
    const page = await this.deliveries.inbox(user.userId, {
      unread: query.unread === 'true',
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 20,
    });
    return {
      items: page.items.map((item) => ({
        id: item.id,
        eventType: item.eventType,
        ...renderNotification(item, language),
        caseNumber: item.caseNumber,
        createdAt: item.createdAt,
        readAt: item.readAt,
      })),
      total: page.total,
      unreadCount: page.unreadCount,
    };
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all my notifications read (204)' })
  async readAll(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.deliveries.markAllRead(user.userId);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of my notifications read (204; 404 NOTIFICATION_NOT_FOUND)' })
  async read(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    const found =
      /^[1-9][0-9]{0,17}$/.test(id) && (await this.deliveries.markRead(user.userId, id));
    if (!found)
      throw new ProblemException('NOTIFICATION_NOT_FOUND', `No notification ${id} of yours`);
  }
}
