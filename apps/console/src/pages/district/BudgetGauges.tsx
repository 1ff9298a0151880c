import { Card, Col, Descriptions, Empty, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { formatYuan } from '../../format/money';
import { useI18n } from '../../i18n/I18nProvider';
import { Chart, type ChartOption } from '../dashboard/Chart';
import type { GetAnswer } from './responses';

export type Pool = GetAnswer<'/api/v1/subsidies/budgets'>['items'][number];

/** Fen of a yuan amount ("1234.56"), for the gauge's proportion only; figures stay strings. */
function fenOf(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

/** A part of the total in hundredths of a percent (integer arithmetic), for the gauge. */
function basisPoints(part: string, total: string): number {
  const t = fenOf(total);
  return t === 0n ? 0 : Number((fenOf(part) * 10000n) / t);
}

export const poolTestId = (pool: Pool) =>
  `pool-${pool.districtCode}-${pool.kind}-${pool.budgetYear}`;

/** One budget pool: a gauge of what is committed (paid, then reserved) against the total. */
function PoolGauge({ pool }: { pool: Pool }) {
  const { t, code } = useI18n();
  const paid = basisPoints(pool.paid, pool.total);
  const reserved = basisPoints(pool.reserved, pool.total);
  const option = useMemo<ChartOption>(
    () => ({
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          radius: '95%',
          startAngle: 210,
          endAngle: -30,
          progress: { show: true, width: 14, roundCap: false },
          axisLine: { lineStyle: { width: 14 } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          pointer: { show: false },
          title: { offsetCenter: [0, '28%'], fontSize: 12 },
          detail: {
            valueAnimation: false,
            offsetCenter: [0, '-8%'],
            fontSize: 18,
            formatter: (value: number) => `${value.toFixed(2)}%`,
          },
          // The used ring (reserved and paid) under the paid one; the figure is the paid share.
          data: [
            {
              value: (paid + reserved) / 100,
              name: t('district.pool.used'),
              itemStyle: { color: '#1d4ed8' },
              title: { show: false },
              detail: { show: false },
            },
            { value: paid / 100, name: t('district.pool.paid'), itemStyle: { color: '#15803d' } },
          ],
        },
      ],
    }),
    [paid, reserved, t],
  );
  const id = poolTestId(pool);
  return (
    <Card
      size="small"
      title={`${code('district', pool.districtCode)} · ${code('subsidyKind', pool.kind)} · ${pool.budgetYear}`}
      extra={<Typography.Text type="secondary">{code('poolStatus', pool.status)}</Typography.Text>}
      data-testid={id}
    >
      <Chart
        option={option}
        height={170}
        label={`${t('district.pool.paid')} ${(paid / 100).toFixed(2)}%`}
        testId={`${id}-gauge`}
      />
      <Descriptions size="small" column={2} colon={false}>
        <Descriptions.Item label={t('district.pool.total')}>
          <span data-testid={`${id}-total`}>{formatYuan(pool.total)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('district.pool.available')}>
          <span data-testid={`${id}-available`}>{formatYuan(pool.available)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('district.pool.reserved')}>
          <span data-testid={`${id}-reserved`}>{formatYuan(pool.reserved)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('district.pool.paid')}>
          <span data-testid={`${id}-paid`}>{formatYuan(pool.paid)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('district.pool.waitlisted')}>
          <span data-testid={`${id}-waitlisted`}>{pool.waitlisted}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The district's budget pools of one year, as gauges with their figures. */
export function BudgetGauges({
  pools,
  single = false,
}: {
  pools: readonly Pool[];
  /** One gauge per row, for a narrow column. */
  single?: boolean;
}) {
  const { t } = useI18n();
  if (pools.length === 0) return <Empty description={t('district.pool.none')} />;
  return (
    <Row gutter={[12, 12]}>
      {pools.map((pool) => (
        <Col key={poolTestId(pool)} xs={24} md={single ? 24 : 12} xl={single ? 24 : 8}>
          <PoolGauge pool={pool} />
        </Col>
      ))}
    </Row>
  );
}
