import { DailyReportFactory } from '../testing/daily-report.factory';
import { renderDailyReportMarkdown } from './daily-report.markdown';

const CHARTS = [
  { title: 'Price and heuristic risk score', file: 'report-2025-10-05-price-risk.png' },
  { title: 'ML forecast against realised volatility', file: 'report-2025-10-05-forecast-realised.png' },
];

const sectionOf = (markdown: string, heading: string): string =>
  markdown.split(/\n(?=## )/).find((s) => s.startsWith(`## ${heading}`)) ?? '';

describe(renderDailyReportMarkdown.name, () => {
  it('should title the market and day, and have one section per figure in order', () => {
    const sut = renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS);

    expect(sut.split('\n')[0]).toBe('# Daily report: BTC/USDT 1h on binance, 2025-10-05');
    expect([...sut.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'Market',
      'Service metrics (gateway)',
      'Latest signals and predictions',
      'Alerts',
      'Model',
      'Data quality',
    ]);
    expect(sut).not.toMatch(/\n{3}/);
  });

  it('should link both charts by file name and summarise the day from its candles', () => {
    const report = DailyReportFactory.day().build();

    const market = sectionOf(renderDailyReportMarkdown(report, CHARTS), 'Market');

    expect(market).toContain('![Price and heuristic risk score](report-2025-10-05-price-risk.png)');
    expect(market).toContain(
      '![ML forecast against realised volatility](report-2025-10-05-forecast-realised.png)',
    );
    expect(market).toContain('24 closed candles (00:00 → 23:00 UTC)');
    const first = report.prices[0]!.close.toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    expect(market).toContain(`Close ${first} →`);
  });

  it('should score the forecasts whose outcome is known against the realised volatility', () => {
    const report = DailyReportFactory.day().withForecasts(3, 0.004).build();
    const known = report.forecasts.slice(0, 3);
    const mae = known.reduce((s, f) => s + Math.abs(0.004 - f.realised!), 0) / 3;

    const market = sectionOf(renderDailyReportMarkdown(report, CHARTS), 'Market');

    expect(market).toContain(`Forecasts whose outcome is known: 3; mean absolute error ${mae.toFixed(5)}`);
  });

  it('should say so when no forecast is stored', () => {
    const market = sectionOf(renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS), 'Market');

    expect(market).toContain('_No ML forecast is stored for the candles of the day._');
  });

  it('should give the requests, errors and latencies of the day with their source', () => {
    const service = sectionOf(renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS), 'Service');

    expect(service).toContain(
      'From Prometheus (http://127.0.0.1:9090), 2025-10-05T00:00:00Z → 2025-10-06T00:00:00Z.',
    );
    expect(service).toContain('| 1234 | 3 | 17 | 4.2 ms | 21.0 ms | 80.0 ms |');
    expect(service).toContain('| `/v1/crypto/signal` | 1000 | 3 | 20.0 ms |');
  });

  it.each([
    ['service', 'Service', 'Service metrics unavailable: connect ECONNREFUSED 127.0.0.1:5432'],
    ['signals', 'Latest signals', 'Signals unavailable: connect ECONNREFUSED 127.0.0.1:5432'],
    ['alerts', 'Alerts', 'Alerts unavailable: connect ECONNREFUSED 127.0.0.1:5432'],
    ['champion', 'Model', 'Model registry unavailable: connect ECONNREFUSED 127.0.0.1:5432'],
    ['training_runs', 'Model', 'Training runs unavailable: connect ECONNREFUSED 127.0.0.1:5432'],
    ['quality', 'Data quality', 'Quality reports unavailable: connect ECONNREFUSED 127.0.0.1:5432'],
  ] as const)('should state why when the %s source is unavailable', (field, heading, line) => {
    const report = DailyReportFactory.day()
      .with({ [field]: { status: 'unavailable', reason: 'connect ECONNREFUSED 127.0.0.1:5432' } })
      .build();

    expect(sectionOf(renderDailyReportMarkdown(report, CHARTS), heading)).toContain(`_${line}._`);
  });

  it('should list the latest signals and predictions of the day with their counts', () => {
    const section = sectionOf(
      renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS),
      'Latest signals',
    );

    expect(section).toContain('Heuristic signals served for the day: 2.');
    expect(section).toContain('| 2025-10-05T09:00:05Z | 08:00 | 0.6021 | 0.0061 | normal | heuristic |');
    expect(section).toContain('ML predictions served for the day: 1.');
    expect(section).toContain(
      '| 2025-10-05T09:00:06Z | 08:00 | v4 | 0.00512 | 0.00610 | normal | medium | 0.71 |',
    );
  });

  it('should list the alerts of the day by severity', () => {
    const alerts = sectionOf(renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS), 'Alerts');

    expect(alerts).toContain('1 alert (1 high).');
    expect(alerts).toContain(
      '| 08:00 | high_volatility | high | 0.0182 | 0.0150 | BTC/USDT 1h: vol24 0.0182 entered the turbulent regime (≥ 0.015) |',
    );
  });

  it('should compare the champion with the baselines and list the training decisions', () => {
    const model = sectionOf(renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS), 'Model');

    expect(model).toContain('Champion: **crypto-volatility-bilstm v4** (MLflow run `a1b2c3`)');
    expect(model).toContain('| rmse | 0.002100 | 0.003000 | 0.002600 | 0.002300 |');
    expect(model).toContain('| completed | champion | v4 | 0.021000 | beats persistence and EWMA on qlike |');
  });

  it("should give the champion's live QLIKE per window next to the baselines'", () => {
    const model = sectionOf(renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS), 'Model');

    expect(model).toContain('### Live forecast monitoring');
    expect(model).toContain('| BTC/USDT 1h | 7 d | 144 | 0.2750 | 0.2500 | 0.3000 | 0.4000 | +10.00 % |');
    expect(model).toContain('| BTC/USDT 1h | 30 d | 696 |');
  });

  it('should say when the champion has no live scores yet, or why they are missing', () => {
    const none = DailyReportFactory.day().with({ live_monitoring: [] }).build();
    const down = DailyReportFactory.day()
      .with({ live_monitoring: { status: 'unavailable', reason: 'connect ECONNREFUSED 127.0.0.1:5432' } })
      .build();

    expect(sectionOf(renderDailyReportMarkdown(none, CHARTS), 'Model')).toContain('_No live scores yet');
    expect(sectionOf(renderDailyReportMarkdown(down, CHARTS), 'Model')).toContain(
      '_Live monitoring unavailable: connect ECONNREFUSED 127.0.0.1:5432._',
    );
  });

  it('should say when there is no champion yet', () => {
    const report = DailyReportFactory.day()
      .with({ champion: { status: 'none', model_name: 'm' } })
      .build();

    expect(renderDailyReportMarkdown(report, CHARTS)).toContain('_No version of m is the champion yet._');
  });

  it('should give the verdict and the checks of the latest quality report', () => {
    const quality = sectionOf(
      renderDailyReportMarkdown(DailyReportFactory.day().build(), CHARTS),
      'Data quality',
    );

    expect(quality).toContain('`s3://quality-reports/binance/BTC-USDT/1h/2025-10-05T23:00:00.000Z.json`');
    expect(quality).toContain('**PASS** on 500 candles');
    expect(quality).toContain('| 1 (2) | 0 | 0 | 0 | 0 | 4 |');
  });

  it('should escape a pipe inside a table cell', () => {
    const report = DailyReportFactory.day().build();
    const alerts = report.alerts as { message: string }[];
    alerts[0]!.message = 'a | b';

    expect(renderDailyReportMarkdown(report, CHARTS)).toContain('| a \\| b |');
  });
});
