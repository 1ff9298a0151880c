import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../../../libs/auth/src/auth.decorators';
import { METRICS_REGISTRY, type MetricsRegistry } from './metrics.registry';

/**
 * Prometheus scrape endpoint, for operators: public like /health (a scraper holds no user
 * token), so neither audited nor rate-limited; keep it off the public network at the proxy.
 * Not in the OpenAPI document: it is no part of the business API.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: MetricsRegistry) {}

  @Public()
  @Get()
  async metrics(@Res() response: Response): Promise<void> {
    const body = await this.registry.metrics();
    response.setHeader('Content-Type', this.registry.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(body);
  }
}
