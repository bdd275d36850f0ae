import type { TopLevelSpec } from 'vega-lite';
import type { ForecastPoint, PriceRiskPoint } from '@crypto/signals';
import type { DailyReport } from '../daily-report';

/** The charts of a daily report, by id (the id names the PNG: `report-<date>-<id>.png`). */
export const ReportChartId = { PriceRisk: 'price-risk', ForecastRealised: 'forecast-realised' } as const;
export type ReportChartId = (typeof ReportChartId)[keyof typeof ReportChartId];

export interface ChartSpec {
  id: ReportChartId;
  title: string;
  spec: TopLevelSpec;
}

const WIDTH = 760;
const HEIGHT = 280;
// the font the renderer is given (fonts-dejavu-core): no other is loaded, so text must ask for this one
const FONT = 'DejaVu Sans';

const iso = (ts: number): string => new Date(ts).toISOString();
const marketTitle = ({ market, day }: Pick<DailyReport, 'market' | 'day'>): string =>
  `${market.symbol} ${market.timeframe} on ${market.exchange}, ${day.date} (UTC)`;

const hourAxis = { field: 'time', type: 'temporal', title: 'hour (UTC)', scale: { type: 'utc' } } as const;
const timeX = { ...hourAxis, axis: { format: '%H:%M', labelAngle: 0 } } as const;

const base = (title: string, subtitle: string) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    padding: 12,
    title: { text: title, subtitle, anchor: 'start' },
    config: { font: FONT, view: { stroke: '#ddd' } },
  }) as const;

/** Close price (left axis) and the SPEC §5 heuristic risk score in [0, 1] (right axis) of each candle of the day. */
export function priceRiskChartSpec(
  report: Pick<DailyReport, 'market' | 'day'>,
  prices: readonly PriceRiskPoint[],
): ChartSpec {
  const title = 'Price and heuristic risk score';
  return {
    id: ReportChartId.PriceRisk,
    title,
    spec: {
      ...base(
        title,
        prices.length
          ? `${marketTitle(report)}: ${prices.length} closed candles`
          : `${marketTitle(report)}: no candle stored for the day`,
      ),
      data: { values: prices.map((p) => ({ time: iso(p.ts), close: p.close, risk_score: p.risk_score })) },
      layer: [
        {
          mark: { type: 'line', color: '#1f77b4', strokeWidth: 2 },
          encoding: {
            x: timeX,
            y: {
              field: 'close',
              type: 'quantitative',
              title: 'close',
              scale: { zero: false },
              axis: { titleColor: '#1f77b4' },
            },
          },
        },
        {
          mark: { type: 'line', color: '#d62728', strokeWidth: 2, strokeDash: [6, 3] },
          encoding: {
            x: timeX,
            y: {
              field: 'risk_score',
              type: 'quantitative',
              title: 'risk score',
              scale: { domain: [0, 1] },
              axis: { orient: 'right', titleColor: '#d62728' },
            },
          },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    },
  };
}

const SERIES = ['ML forecast', 'realised', 'vol24 at the candle'] as const;

/**
 * The ML forecast stored for each candle of the day against the realised volatility of the next
 * `horizon` returns, with vol24 at the candle (what persistence would have said) for reference.
 */
export function forecastRealisedChartSpec(
  report: Pick<DailyReport, 'market' | 'day'>,
  forecasts: readonly ForecastPoint[],
  horizon: number,
): ChartSpec {
  const title = 'ML forecast against realised volatility';
  const values = forecasts.flatMap((f) =>
    (
      [
        [SERIES[0], f.predicted],
        [SERIES[1], f.realised],
        [SERIES[2], f.current],
      ] as const
    )
      .filter(([, value]) => value !== null)
      .map(([series, value]) => ({ time: iso(f.ts), series, value })),
  );
  const forecastCount = forecasts.filter((f) => f.predicted !== null).length;
  return {
    id: ReportChartId.ForecastRealised,
    title,
    spec: {
      ...base(
        title,
        `${marketTitle(report)}: ${forecastCount ? `${forecastCount} forecasts` : 'no ML forecast stored'}; ` +
          `realised = std of the next ${horizon} returns`,
      ),
      data: { values },
      mark: { type: 'line', point: { size: 24 }, strokeWidth: 2 },
      encoding: {
        x: timeX,
        y: { field: 'value', type: 'quantitative', title: 'volatility (std of returns)' },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: [...SERIES], range: ['#ff7f0e', '#2ca02c', '#7f7f7f'] },
          legend: { orient: 'top' },
        },
      },
    },
  };
}

/** Both charts of a report, in the order the Markdown shows them. */
export const reportChartSpecs = (
  report: Pick<DailyReport, 'market' | 'day' | 'prices' | 'forecasts' | 'forecast_horizon'>,
): ChartSpec[] => [
  priceRiskChartSpec(report, report.prices),
  forecastRealisedChartSpec(report, report.forecasts, report.forecast_horizon),
];
