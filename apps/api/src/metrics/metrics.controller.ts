import { Controller, Get, Header, Inject, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { Public } from '../../../../libs/auth/src/auth.decorators';
import { METRICS_REGISTRY, type MetricsRegistry } from './metrics.registry';

/**
 * Prometheus scrape endpoint, for operators: public like /health (a scraper holds no user
 * token), so neither audited nor rate-limited; keep it off the public network at the proxy.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: MetricsRegistry) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiProduces(prometheusContentType)
  @ApiOperation({
    summary:
      'Prometheus metrics of this API process (HTTP latency, queues, business gauges), for operators',
  })
  async metrics(): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.registry.metrics()), {
      type: this.registry.contentType,
    });
  }
}
