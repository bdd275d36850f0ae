import type { MarketKey } from '@crypto/candles';
import { Bucket, type ObjectStorage } from '@crypto/storage';
import type { QualityReport } from './candle-quality';

/** Where a stored report is. */
export interface StoredReportRef {
  bucket: string;
  key: string;
}

/** `BTC/USDT` → `BTC-USDT`: a symbol as one key segment. */
const keySegment = (symbol: string): string => symbol.replace(/\//g, '-');

/**
 * Data-quality reports in MinIO, bucket `quality-reports`, keyed
 * `<exchange>/<BASE-QUOTE>/<timeframe>/<generated_at ISO>.json` so a market's reports list in time order.
 */
export class QualityReportRepository {
  private bucketReady = false;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly bucket: string = Bucket.QualityReports,
    /** prepended to every key (tests isolate themselves with it) */
    private readonly keyPrefix = '',
  ) {}

  keyFor(market: MarketKey, report: Pick<QualityReport, 'generated_at'>): string {
    return `${this.marketPrefix(market)}${report.generated_at}.json`;
  }

  async save(market: MarketKey, report: QualityReport): Promise<StoredReportRef> {
    const key = this.keyFor(market, report);
    if (!this.bucketReady) await this.storage.ensureBucket(this.bucket);
    this.bucketReady = true;
    await this.storage.putJson(this.bucket, key, { market, ...report });
    return { bucket: this.bucket, key };
  }

  async get(key: string): Promise<QualityReport & { market: MarketKey }> {
    return this.storage.getJson(this.bucket, key);
  }

  /** Keys of a market's reports, oldest first. */
  async list(market: MarketKey): Promise<string[]> {
    return (await this.storage.list(this.bucket, this.marketPrefix(market))).map((o) => o.key);
  }

  private marketPrefix(market: MarketKey): string {
    return `${this.keyPrefix}${market.exchange}/${keySegment(market.symbol)}/${market.timeframe}/`;
  }
}
