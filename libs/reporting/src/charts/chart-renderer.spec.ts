import { DailyReportFactory } from '../testing/daily-report.factory';
import { inspectPng } from '../testing/png-inspection';
import { ChartRenderer } from './chart-renderer';
import { priceRiskChartSpec } from './report-charts';

describe(ChartRenderer.name, () => {
  const report = DailyReportFactory.day().build();

  describe('render', () => {
    it('should render a chart spec to a PNG at twice its size, with lines and text', async () => {
      const sut = new ChartRenderer();

      const chart = await sut.render(priceRiskChartSpec(report, report.prices).spec);

      expect(chart.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const decoded = inspectPng(chart.png);
      expect(decoded).toMatchObject({ width: chart.width, height: chart.height });
      expect(chart.width).toBeGreaterThan(1500);
      // anti-aliased lines, two series colours and text: far more than a blank or a flat image
      expect(decoded.colours).toBeGreaterThan(50);
    });

    it('should refuse to render without its fonts, naming the missing file', async () => {
      const sut = new ChartRenderer(['/nowhere/DejaVuSans.ttf']);

      await expect(sut.render(priceRiskChartSpec(report, report.prices).spec)).rejects.toThrow(
        /chart fonts missing \(\/nowhere\/DejaVuSans.ttf\): install fonts-dejavu-core/,
      );
    });
  });
});
