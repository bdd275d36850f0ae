import request from 'supertest';
import { loadEnv } from '@crypto/config';
import {
  connectDailyReports,
  parseReportDay,
  ReportingEnv,
  type StoredReportManifest,
} from '@crypto/reporting';
import { CandleRepository, createTestObjectStorage, type TestObjectStorage } from '@crypto/storage';
import { startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { ReportsController } from './reports.controller';

// The gateway on the real services with a reports bucket of its own: empty at first, then holding the report
// of a recorded day made by the reporting library, whose service metrics come from this gateway's /metrics.
describe(ReportsController.name, () => {
  let t: RestTestApp;
  let reports: TestObjectStorage;
  const saved = process.env['REPORTS_BUCKET'];

  beforeAll(async () => {
    reports = await createTestObjectStorage();
    // the gateway's ReportsModule reads REPORTS_BUCKET from the environment, as main.ts starts it
    process.env['REPORTS_BUCKET'] = reports.bucket;
    t = await startRestTestApp();
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env['REPORTS_BUCKET'];
    else process.env['REPORTS_BUCKET'] = saved;
    await t?.close();
    await reports?.drop();
  });

  it('should answer 404 naming that no report exists yet', async () => {
    const res = await request(t.server).get('/v1/reports/latest').expect(404);

    expect(res.body).toEqual({
      error: 'Not Found',
      message: `no daily report exists yet in bucket ${reports.bucket} (pnpm cli report makes one)`,
      path: '/v1/reports/latest',
    });
  });

  describe('once a report is stored', () => {
    let stored: StoredReportManifest;
    let markdown: string;
    let metricsUrl: string;

    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      metricsUrl = `${await t.app.getUrl()}/metrics`.replace('[::1]', '127.0.0.1');
      // requests the report then counts: 3 answered, 1 refused (after the first test's 404)
      for (let i = 0; i < 3; i++) await request(t.server).get('/health').expect(200);
      await request(t.server).get('/v1/alerts/tail').query({ n: 0 }).expect(400);
      await new CandleRepository(t.db.pool).upsert(
        { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
        t.recorded.map((c) => ({ ...c, isFinal: true })),
      );
      const env = loadEnv(ReportingEnv, {
        ...process.env,
        DATABASE_URL: t.db.url,
        REPORTS_BUCKET: reports.bucket,
        QUALITY_REPORTS_BUCKET: t.minio.bucket,
        GATEWAY_METRICS_URL: metricsUrl,
      });
      const runtime = connectDailyReports(env);
      try {
        const report = await runtime.service.create(
          { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
          parseReportDay('2025-10-05'),
        );
        markdown = report.markdown;
        stored = await runtime.service.store(report);
      } finally {
        await runtime.close();
      }
    }, 60_000);

    it('should serve the latest report with its Markdown and the links of its charts', async () => {
      const res = await request(t.server).get('/v1/reports/latest').expect(200);

      expect(res.body).toEqual({
        date: '2025-10-05',
        market: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
        generated_at: stored.generated_at,
        bucket: reports.bucket,
        markdown_key: '2025-10-05/binance/BTC-USDT/1h/report-2025-10-05.md',
        markdown,
        charts: stored.charts.map((c) => ({ ...c, url: `/v1/reports/latest/charts/${c.id}` })),
      });
      expect(res.body.charts.map((c: { id: string }) => c.id)).toEqual(['price-risk', 'forecast-realised']);
    });

    it("should have counted this gateway's requests from its own metrics", () => {
      expect(markdown).toContain(`From the gateway's own counters (${metricsUrl}), since it started at`);
      const [requests, serverErrors, clientErrors] = /\n\| (\d+) \| (\d+) \| (\d+) \| [\d.]+ ms \|/
        .exec(markdown)!
        .slice(1)
        .map(Number);
      expect(requests).toBeGreaterThanOrEqual(4);
      // the 400 above and the 404 of the first test
      expect([serverErrors, clientErrors]).toEqual([0, 2]);
      expect(markdown).toContain('| `/health` | 3 | 0 |');
    });

    it.each(['price-risk', 'forecast-realised'])(
      'should serve the %s chart as the stored PNG',
      async (id) => {
        const res = await request(t.server)
          .get(`/v1/reports/latest/charts/${id}`)
          .buffer(true)
          .parse((response, done) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .expect(200);

        expect(res.headers['content-type']).toBe('image/png');
        const key = stored.charts.find((c) => c.id === id)!.key;
        expect(Buffer.compare(res.body as Buffer, await reports.storage.getBytes(reports.bucket, key))).toBe(
          0,
        );
      },
    );

    it('should answer 404 naming the charts there are for an unknown chart', async () => {
      const res = await request(t.server).get('/v1/reports/latest/charts/volume').expect(404);

      expect(res.body.message).toBe(
        'the report of 2025-10-05 has no chart "volume" (it has price-risk, forecast-realised)',
      );
    });
  });
});
