import { createHash } from 'node:crypto';
import { formatCandleCsv, parseCandleCsv, type Candle } from '@crypto/candles';
import { Bucket, type ObjectStorage } from '@crypto/storage';

/** Where an object is: small enough to travel in a job's return value. */
export interface ObjectRef {
  bucket: string;
  key: string;
  bytes: number;
  sha256: string;
}

/**
 * The data passed between the steps of one flow, in MinIO (never in Redis): raw candles in `raw-data`,
 * cleaned candles and the feature table in `processed-data`, under `training/<flowId>/`.
 */
export class TrainingDataStore {
  private readonly ready = new Set<string>();

  constructor(
    private readonly objects: ObjectStorage,
    private readonly buckets: { raw: string; processed: string } = {
      raw: Bucket.RawData,
      processed: Bucket.ProcessedData,
    },
  ) {}

  putRawCandles(flowId: string, candles: readonly Candle[]): Promise<ObjectRef> {
    return this.putText(
      this.buckets.raw,
      `training/${flowId}/candles.csv`,
      formatCandleCsv(candles),
      'text/csv',
    );
  }

  putProcessedCandles(flowId: string, candles: readonly Candle[]): Promise<ObjectRef> {
    return this.putProcessed(flowId, 'candles.csv', formatCandleCsv(candles));
  }

  putProcessed(flowId: string, name: string, text: string, contentType = 'text/csv'): Promise<ObjectRef> {
    return this.putText(this.buckets.processed, `training/${flowId}/${name}`, text, contentType);
  }

  async getCandles(ref: ObjectRef): Promise<Candle[]> {
    const bytes = await this.objects.getBytes(ref.bucket, ref.key);
    return parseCandleCsv(bytes.toString('utf8'), `s3://${ref.bucket}/${ref.key}`);
  }

  private async putText(bucket: string, key: string, text: string, contentType: string): Promise<ObjectRef> {
    if (!this.ready.has(bucket)) {
      await this.objects.ensureBucket(bucket);
      this.ready.add(bucket);
    }
    const bytes = Buffer.from(text, 'utf8');
    await this.objects.putBytes(bucket, key, bytes, contentType);
    return { bucket, key, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
}
