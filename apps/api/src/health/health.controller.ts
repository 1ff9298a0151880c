import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../../../libs/auth/src/auth.decorators';
import { TemporalClientHolder } from '../../../../libs/common/src/temporal.module';
import { QueueService } from '../../../../libs/queue/src/queue.service';

type Check = { status: 'up' | 'down'; error?: string; latencyMs: number };

/** The answer, written by hand: the handler sends it through Express (its status varies). */
const CHECK_SCHEMA = {
  type: 'object',
  required: ['status', 'latencyMs'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    error: { type: 'string' },
    latencyMs: { type: 'number' },
  },
};
const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    checks: {
      type: 'object',
      required: ['temporal', 'postgres', 'redis'],
      properties: { temporal: CHECK_SCHEMA, postgres: CHECK_SCHEMA, redis: CHECK_SCHEMA },
    },
  },
};

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = Date.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000)),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', error: (error as Error).message, latencyMs: Date.now() - started };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly queues: QueueService,
    @Inject(TemporalClientHolder) private readonly temporal: TemporalClientHolder,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Temporal, PostgreSQL and Redis, each checked separately; 503 when any is down',
  })
  @ApiOkResponse({ description: 'every service is up', schema: HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'a service is down', schema: HEALTH_SCHEMA })
  async health(@Res() response: Response): Promise<void> {
    const [temporal, postgres, redis] = await Promise.all([
      timed(async () => (await this.temporal.connect()).workflowService.getSystemInfo({})),
      timed(() => this.db.query('SELECT 1')),
      timed(() => this.queues.ping()),
    ]);
    const ok = temporal.status === 'up' && postgres.status === 'up' && redis.status === 'up';
    response
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'up' : 'down', checks: { temporal, postgres, redis } });
  }
}
