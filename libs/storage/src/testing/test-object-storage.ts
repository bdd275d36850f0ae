import { randomBytes } from 'node:crypto';
import { loadEnv, ServicesEnv } from '@crypto/config';
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
  const storage = ObjectStorage.fromEnv(loadEnv(ServicesEnv));
  const bucket = `test-${randomBytes(6).toString('hex')}`;
  await storage.ensureBucket(bucket);
  return { storage, bucket, drop: () => storage.removeBucket(bucket) };
}
