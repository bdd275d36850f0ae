import { createTestObjectStorage, type TestObjectStorage } from '../testing/test-object-storage';
import { Bucket, ObjectStorage } from './object-storage.repository';

describe(ObjectStorage.name, () => {
  let minio: TestObjectStorage;
  let sut: ObjectStorage;
  let bucket: string;

  beforeAll(async () => {
    minio = await createTestObjectStorage();
    ({ storage: sut, bucket } = minio);
  });

  afterAll(() => minio?.drop());

  describe('putJson / getJson', () => {
    it('should round-trip a JSON document', async () => {
      const report = { pass: true, checks: { gaps: { count: 10, largest_ms: 14_400_000 } }, range: null };

      await sut.putJson(bucket, 'binance/BTC-USDT/1h/report.json', report);

      await expect(sut.getJson(bucket, 'binance/BTC-USDT/1h/report.json')).resolves.toEqual(report);
    });

    it('should fail with NOT_FOUND naming the object when it does not exist', async () => {
      await expect(sut.getJson(bucket, 'missing.json')).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining(`${bucket}/missing.json`),
      });
    });
  });

  describe('putBytes / getBytes', () => {
    it('should round-trip bytes exactly', async () => {
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));

      await sut.putBytes(bucket, 'models/weights.bin', bytes);

      expect((await sut.getBytes(bucket, 'models/weights.bin')).equals(bytes)).toBe(true);
    });
  });

  describe('list', () => {
    it('should list every object under a prefix, at all depths, in key order', async () => {
      await sut.putJson(bucket, 'list/b/2.json', {});
      await sut.putJson(bucket, 'list/a.json', {});
      await sut.putJson(bucket, 'list/b/1.json', {});
      await sut.putJson(bucket, 'other.json', {});

      const objects = await sut.list(bucket, 'list/');

      expect(objects.map((o) => o.key)).toEqual(['list/a.json', 'list/b/1.json', 'list/b/2.json']);
      expect(objects[0]).toMatchObject({ size: 2, lastModified: expect.any(Date) });
    });
  });

  describe('exists / remove', () => {
    it('should tell whether an object exists, before and after removing it', async () => {
      await sut.putJson(bucket, 'gone.json', { a: 1 });
      expect(await sut.exists(bucket, 'gone.json')).toBe(true);

      await sut.remove(bucket, 'gone.json');

      expect(await sut.exists(bucket, 'gone.json')).toBe(false);
    });
  });

  describe('ensureBucket', () => {
    it('should create a missing bucket and accept one that exists, even when asked concurrently', async () => {
      const fresh = `${bucket}-x`;
      try {
        await Promise.all([sut.ensureBucket(fresh), sut.ensureBucket(fresh), sut.ensureBucket(fresh)]);
        await sut.ensureBucket(fresh);

        await expect(sut.list(fresh)).resolves.toEqual([]);
      } finally {
        await sut.removeBucket(fresh);
      }
    });
  });

  it('should fail with UNAVAILABLE when MinIO cannot be reached', async () => {
    const offline = ObjectStorage.connect({ endpoint: 'http://127.0.0.1:1', accessKey: 'a', secretKey: 'b' });

    await expect(offline.putJson(bucket, 'x.json', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('should name the six platform buckets', () => {
    expect(Object.values(Bucket)).toEqual([
      'mlflow',
      'raw-data',
      'processed-data',
      'models',
      'quality-reports',
      'reports',
    ]);
  });
});
