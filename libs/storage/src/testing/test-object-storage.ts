import { randomBytes } from 'node:crypto';
import { ObjectStorage } from '../object-storage/object-storage.repository';

/** An `ObjectStorage` on the real MinIO with a fresh bucket, for one integration-test file. */
export interface TestObjectStorage {
  storage: ObjectStorage;
  /** `test-<random>`, created empty */
  bucket: string;
  /** removes the bucket and everything in it */
  drop(): Promise<void>;
}

/** Connects with `MINIO_ENDPOINT` / `MINIO_ACCESS_KEY` / `MINIO_SECRET_KEY` (default: the native MinIO). */
export async function createTestObjectStorage(): Promise<TestObjectStorage> {
  const storage = ObjectStorage.connect({
    endpoint: process.env['MINIO_ENDPOINT'] || 'http://127.0.0.1:9000',
    accessKey: process.env['MINIO_ACCESS_KEY'] || 'minioadmin',
    secretKey: process.env['MINIO_SECRET_KEY'] || 'minioadmin',
  });
  const bucket = `test-${randomBytes(6).toString('hex')}`;
  await storage.ensureBucket(bucket);
  return { storage, bucket, drop: () => storage.removeBucket(bucket) };
}
