import { Logger } from '@nestjs/common';
import * as Minio from 'minio';
import type { ServicesEnv } from '@crypto/config';
import { StorageError } from '../storage.error';

/** The MinIO buckets of the platform (SPEC §3), one name per role. */
export const Bucket = {
  Mlflow: 'mlflow',
  RawData: 'raw-data',
  ProcessedData: 'processed-data',
  Models: 'models',
  QualityReports: 'quality-reports',
  /** the daily reports (SPEC §8 `report`): Markdown, PNG charts, a manifest */
  Reports: 'reports',
} as const;

export type BucketName = (typeof Bucket)[keyof typeof Bucket];

export interface ObjectStorageConfig {
  /** `http://127.0.0.1:9000` */
  endpoint: string;
  accessKey: string;
  /** secret */
  secretKey: string;
  region?: string;
}

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

const isNotFound = (error: unknown): boolean =>
  ['NoSuchKey', 'NotFound', 'NoSuchBucket'].includes((error as { code?: string }).code ?? '');

/**
 * Objects in MinIO (S3 API, path-style) through the `minio` client: JSON documents and bytes by bucket and
 * key. A missing object is `StorageError('NOT_FOUND')`; any other failure `StorageError('UNAVAILABLE')`.
 */
export class ObjectStorage {
  private readonly logger = new Logger(ObjectStorage.name);

  constructor(
    private readonly client: Minio.Client,
    private readonly region = 'us-east-1',
  ) {}

  /** Connects with the platform's MinIO settings (`MINIO_ENDPOINT`, `MINIO_ACCESS_KEY`, `MINIO_SECRET_KEY`). */
  static fromEnv(
    env: Pick<ServicesEnv, 'MINIO_ENDPOINT' | 'MINIO_ACCESS_KEY' | 'MINIO_SECRET_KEY'>,
  ): ObjectStorage {
    return ObjectStorage.connect({
      endpoint: env.MINIO_ENDPOINT,
      accessKey: env.MINIO_ACCESS_KEY,
      secretKey: env.MINIO_SECRET_KEY,
    });
  }

  static connect({
    endpoint,
    accessKey,
    secretKey,
    region = 'us-east-1',
  }: ObjectStorageConfig): ObjectStorage {
    const url = new URL(endpoint);
    const useSSL = url.protocol === 'https:';
    const client = new Minio.Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey,
      secretKey,
      region,
      pathStyle: true,
    });
    return new ObjectStorage(client, region);
  }

  /** Creates the bucket unless it exists (safe when several processes race to create it). */
  async ensureBucket(bucket: string): Promise<void> {
    await this.call(`ensureBucket ${bucket}`, async () => {
      if (await this.client.bucketExists(bucket)) return;
      try {
        await this.client.makeBucket(bucket, this.region);
        this.logger.log(`Created bucket ${bucket}`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
      }
    });
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return this.call(`bucketExists ${bucket}`, () => this.client.bucketExists(bucket));
  }

  async putJson(bucket: string, key: string, value: unknown): Promise<void> {
    await this.putBytes(bucket, key, Buffer.from(JSON.stringify(value, null, 2)), 'application/json');
  }

  async getJson<T = unknown>(bucket: string, key: string): Promise<T> {
    return JSON.parse((await this.getBytes(bucket, key)).toString('utf8')) as T;
  }

  async putBytes(
    bucket: string,
    key: string,
    bytes: Buffer,
    contentType = 'application/octet-stream',
  ): Promise<void> {
    await this.call(`put ${bucket}/${key}`, () =>
      this.client.putObject(bucket, key, bytes, bytes.length, { 'Content-Type': contentType }),
    );
  }

  async getBytes(bucket: string, key: string): Promise<Buffer> {
    return this.call(`get ${bucket}/${key}`, async () => {
      const stream = await this.client.getObject(bucket, key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.call(`stat ${bucket}/${key}`, () => this.client.statObject(bucket, key));
      return true;
    } catch (error) {
      if (error instanceof StorageError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  }

  /** Objects under `prefix` (all levels), in key order. */
  async list(bucket: string, prefix = ''): Promise<StoredObject[]> {
    return this.call(`list ${bucket}/${prefix}`, async () => {
      const objects: StoredObject[] = [];
      for await (const item of this.client.listObjectsV2(bucket, prefix, true)) {
        const { name, size, lastModified } = item as Minio.BucketItem;
        if (name) objects.push({ key: name, size, lastModified });
      }
      return objects.sort((a, b) => a.key.localeCompare(b.key));
    });
  }

  async remove(bucket: string, key: string): Promise<void> {
    await this.call(`remove ${bucket}/${key}`, () => this.client.removeObject(bucket, key));
  }

  /** Removes a bucket and every object in it. */
  async removeBucket(bucket: string): Promise<void> {
    const objects = await this.list(bucket).catch((error: unknown) => {
      if (error instanceof StorageError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    if (!objects) return;
    await this.call(`remove bucket ${bucket}`, async () => {
      if (objects.length)
        await this.client.removeObjects(
          bucket,
          objects.map((o) => o.key),
        );
      await this.client.removeBucket(bucket);
    });
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StorageError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      if (isNotFound(error))
        throw new StorageError('NOT_FOUND', `MinIO ${what}: not found (${detail})`, { cause: error });
      throw new StorageError('UNAVAILABLE', `MinIO ${what} failed: ${detail}`, { cause: error });
    }
  }
}
