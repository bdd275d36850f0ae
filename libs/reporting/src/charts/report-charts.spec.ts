import { DailyReportFactory } from '../testing/daily-report.factory';
import { forecastRealisedChartSpec, priceRiskChartSpec, reportChartSpecs } from './report-charts';

type Values = { values: Record<string, unknown>[] };

describe('report charts', () => {
  const report = DailyReportFactory.day().withForecasts(2, 0.004).build();

  describe(priceRiskChartSpec.name, () => {
    it('should plot the close and the risk score of each candle on two y axes', () => {
      const { spec } = priceRiskChartSpec(report, report.prices);

      expect((spec.data as Values).values[0]).toEqual({
        time: '2025-10-05T00:00:00.000Z',
        close: report.prices[0]!.close,
        risk_score: report.prices[0]!.risk_score,
      });
      expect(spec).toMatchObject({
        resolve: { scale: { y: 'independent' } },
        config: { font: 'DejaVu Sans' },
      });
    });

    it('should say in its subtitle when the day has no candle', () => {
      const { spec } = priceRiskChartSpec(report, []);

      expect(spec.title).toMatchObject({
        subtitle: 'BTC/USDT 1h on binance, 2025-10-05 (UTC): no candle stored for the day',
      });
    });
  });

  describe(forecastRealisedChartSpec.name, () => {
    it('should draw one series per quantity, leaving out unknown values', () => {
      const { spec } = forecastRealisedChartSpec(report, report.forecasts, 24);
      const values = (spec.data as Values).values;

      expect(values.filter((v) => v['series'] === 'ML forecast')).toEqual([
        { time: '2025-10-05T00:00:00.000Z', series: 'ML forecast', value: 0.004 },
        { time: '2025-10-05T01:00:00.000Z', series: 'ML forecast', value: 0.004 },
      ]);
      expect(values.filter((v) => v['series'] === 'realised')).toHaveLength(24);
      expect(spec.title).toMatchObject({
        subtitle: expect.stringContaining('2 forecasts; realised = std of the next 24 returns'),
      });
    });
  });

  describe(reportChartSpecs.name, () => {
    it('should give the price chart first, then the forecast chart', () => {
      expect(reportChartSpecs(report).map((c) => c.id)).toEqual(['price-risk', 'forecast-realised']);
    });
  });
});
