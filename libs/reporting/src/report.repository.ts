import type { MarketKey } from '@crypto/candles';
import { StorageError, type ObjectStorage } from '@crypto/storage';
import type { RenderedReport } from './daily-report';
import { ReportingError } from './reporting.error';

/** A stored chart: where it is and how it shows. */
export interface StoredChart {
  id: string;
  title: string;
  file: string;
  key: string;
  width: number;
  height: number;
}

/** What `manifest.json` of a stored report says; written last, so a report without it is incomplete. */
export interface StoredReportManifest {
  date: string;
  market: MarketKey;
  generated_at: string;
  bucket: string;
  markdown_key: string;
  charts: StoredChart[];
}

export interface StoredReport extends StoredReportManifest {
  markdown: string;
}

const MANIFEST = 'manifest.json';

/** `BTC/USDT` → `BTC-USDT`: a symbol as one key segment. */
const marketPath = (m: MarketKey): string => `${m.exchange}/${m.symbol.replace(/\//g, '-')}/${m.timeframe}`;

/**
 * Daily reports in MinIO, bucket `reports`, keyed `<date>/<exchange>/<BASE-QUOTE>/<timeframe>/<file>`: the
 * Markdown, its PNG charts under the file names the Markdown links, and a manifest. Storing a report again
 * for the same day and market replaces it.
 */
export class ReportRepository {
  private bucketReady = false;

  constructor(
    private readonly storage: ObjectStorage,
    readonly bucket: string,
  ) {}

  async save(report: RenderedReport): Promise<StoredReportManifest> {
    if (!this.bucketReady) await this.storage.ensureBucket(this.bucket);
    this.bucketReady = true;
    const prefix = `${report.date}/${marketPath(report.market)}/`;
    const charts: StoredChart[] = [];
    for (const { png, ...chart } of report.charts) {
      const key = `${prefix}${chart.file}`;
      await this.storage.putBytes(this.bucket, key, png, 'image/png');
      charts.push({ ...chart, key });
    }
    const markdownKey = `${prefix}${report.file}`;
    await this.storage.putBytes(
      this.bucket,
      markdownKey,
      Buffer.from(report.markdown),
      'text/markdown; charset=utf-8',
    );
    const manifest: StoredReportManifest = {
      date: report.date,
      market: report.market,
      generated_at: report.generated_at,
      bucket: this.bucket,
      markdown_key: markdownKey,
      charts,
    };
    await this.storage.putJson(this.bucket, `${prefix}${MANIFEST}`, manifest);
    return manifest;
  }

  /**
   * The report of the latest day (of the latest generated one that day, whatever its market), with its
   * Markdown; `ReportingError('NO_REPORT')` when none is stored.
   */
  async latest(): Promise<StoredReport> {
    const manifests = await this.listOrEmpty();
    const keys = manifests.filter((o) => o.key.endsWith(`/${MANIFEST}`));
    if (keys.length === 0)
      throw new ReportingError(
        'NO_REPORT',
        `no daily report exists yet in bucket ${this.bucket} (pnpm cli report makes one)`,
      );
    // keys begin with the date (YYYY-MM-DD sorts as it reads); within a day the newest object
    const latestDate = keys.map((o) => o.key.slice(0, 10)).reduce((a, b) => (b > a ? b : a));
    const ofDay = keys.filter((o) => o.key.startsWith(latestDate));
    const newest = ofDay.reduce((a, b) => (b.lastModified > a.lastModified ? b : a));
    const manifest = await this.storage.getJson<StoredReportManifest>(this.bucket, newest.key);
    const markdown = (await this.storage.getBytes(this.bucket, manifest.markdown_key)).toString('utf8');
    return { ...manifest, markdown };
  }

  /** A stored chart's PNG; `ReportingError('NO_REPORT')` when it is not there. */
  async chart(chart: Pick<StoredChart, 'key'>): Promise<Buffer> {
    try {
      return await this.storage.getBytes(this.bucket, chart.key);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'NOT_FOUND')
        throw new ReportingError('NO_REPORT', `no chart ${chart.key} in bucket ${this.bucket}`, {
          cause: error,
        });
      throw error;
    }
  }

  // a bucket not provisioned yet holds no report
  private async listOrEmpty() {
    try {
      return await this.storage.list(this.bucket);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  }
}
