import { useMemo } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Chart, type ChartOption } from '../dashboard/Chart';
import type { GetAnswer } from '../district/responses';

type DisposalFile = GetAnswer<'/api/v1/admin/disposal-files/{caseNumber}'>;

/** Yuan text as a number of yuan, for plotting only (figures on screen stay the API's text). */
const plotted = (amount: string | null | undefined) => (amount ? Number(amount) : null);

/**
 * The price path of a disposal's rounds: each round's starting price and the lowest start its
 * rules allowed, the floor and the valuation as reference lines, and every bid as a point.
 */
export function PricePathChart({ file }: { file: DisposalFile }) {
  const { t } = useI18n();
  const rounds = file.rounds;
  const valuation = plotted(
    typeof file.disposal.valuationUsed?.totalValue === 'string'
      ? file.disposal.valuationUsed.totalValue
      : null,
  );
  const floor = plotted(file.disposal.floor);
  const option = useMemo<ChartOption>(() => {
    const labels = rounds.map((r) => t('disposal.round', { round: r.round }));
    const indexOf = new Map(rounds.map((r, index) => [r.round, index]));
    const references = [
      ...(floor === null ? [] : [{ name: t('disposal.price.floor'), yAxis: floor }]),
      ...(valuation === null ? [] : [{ name: t('disposal.price.valuation'), yAxis: valuation }]),
    ];
    return {
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      grid: { left: 90, right: 120, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: {
        type: 'value',
        scale: true,
        // The reference lines stay inside the plot: the valuation is usually above every price.
        max: ({ max }: { max: number }) => Math.max(max, valuation ?? max, floor ?? max),
      },
      series: [
        {
          name: t('disposal.price.start'),
          type: 'line',
          data: rounds.map((r) => plotted(r.startingPrice)),
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}', position: 'end' },
            lineStyle: { type: 'dotted' },
            data: references,
          },
        },
        {
          name: t('disposal.price.minimum'),
          type: 'line',
          lineStyle: { type: 'dashed' },
          data: rounds.map((r) => plotted(r.minimumPrice)),
        },
        {
          name: t('disposal.price.bid'),
          type: 'scatter',
          symbolSize: 9,
          data: file.bids.map((b) => [indexOf.get(b.round) ?? 0, plotted(b.amount)]),
        },
      ],
    };
  }, [rounds, file.bids, floor, valuation, t]);
  return (
    <div data-testid="price-path" data-rounds={rounds.length} data-bids={file.bids.length}>
      <Chart
        option={option}
        height={300}
        label={t('disposal.pricePath')}
        testId="price-path-chart"
      />
    </div>
  );
}
