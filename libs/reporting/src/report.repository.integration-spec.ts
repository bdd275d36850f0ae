import { createTestObjectStorage, type TestObjectStorage } from '@crypto/storage';
import { chartFileName, reportFileName, type RenderedReport } from './daily-report';
import { ReportRepository } from './report.repository';
import { ReportingError } from './reporting.error';

const market = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;

// the repository stores bytes as given; a real PNG would only make the test slower
const rendered = (date: string, markdown: string): RenderedReport => ({
  date,
  market,
  generated_at: `${date}T23:59:00.000Z`,
  file: reportFileName(date),
  markdown,
  charts: [
    {
      id: 'price-risk',
      title: 'Price and risk',
      file: chartFileName(date, 'price-risk'),
      width: 800,
      height: 400,
      png: Buffer.from(`png of ${date}`),
    },
  ],
});

describe(ReportRepository.name, () => {
  let minio: TestObjectStorage;
  let sut: ReportRepository;

  beforeAll(async () => {
    minio = await createTestObjectStorage();
    sut = new ReportRepository(minio.storage, minio.bucket);
  });

  afterAll(() => minio.drop());

  it('should answer NO_REPORT while the bucket holds no report', async () => {
    await expect(sut.latest()).rejects.toMatchObject({ name: ReportingError.name, code: 'NO_REPORT' });
  });

  it('should answer NO_REPORT for a bucket that does not exist yet', async () => {
    const unprovisioned = new ReportRepository(minio.storage, `${minio.bucket}-absent`);

    await expect(unprovisioned.latest()).rejects.toMatchObject({ code: 'NO_REPORT' });
  });

  it('should serve the latest day with its Markdown and its charts', async () => {
    await sut.save(rendered('2025-10-05', '# day five'));
    const stored = await sut.save(rendered('2025-10-06', '# day six'));

    const latest = await sut.latest();

    expect(latest).toMatchObject({
      date: '2025-10-06',
      market,
      markdown: '# day six',
      markdown_key: '2025-10-06/binance/BTC-USDT/1h/report-2025-10-06.md',
    });
    expect(latest.charts).toEqual(stored.charts);
    expect((await sut.chart(latest.charts[0]!)).toString()).toBe('png of 2025-10-06');
  });

  it('should replace a day stored again', async () => {
    await sut.save(rendered('2025-10-06', '# day six, again'));

    await expect(sut.latest()).resolves.toMatchObject({ date: '2025-10-06', markdown: '# day six, again' });
  });

  it('should answer NO_REPORT for a chart that is not stored', async () => {
    await expect(sut.chart({ key: '2025-10-06/binance/BTC-USDT/1h/absent.png' })).rejects.toMatchObject({
      code: 'NO_REPORT',
    });
  });
});
