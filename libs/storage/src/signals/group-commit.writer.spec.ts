import { StorageError } from '../storage.error';
import { GroupCommitWriter } from './group-commit.writer';

/** An in-process flush recording each batch; `gate` holds flushes until released. */
class FakeTable {
  readonly batches: number[][] = [];
  readonly stored: number[] = [];
  failWith?: (rows: number[]) => Error | undefined;
  private gate?: Promise<void>;
  private open?: () => void;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  flush = async (rows: number[]): Promise<void> => {
    this.batches.push(rows);
    await this.gate;
    const error = this.failWith?.(rows);
    if (error) throw error;
    this.stored.push(...rows);
  };
}

const constraintViolation = () => Object.assign(new Error('violates check constraint'), { code: '23514' });

describe(GroupCommitWriter.name, () => {
  let table: FakeTable;

  beforeEach(() => {
    table = new FakeTable();
  });

  describe('write', () => {
    it('should store rows written in the same turn with one flush', async () => {
      const sut = new GroupCommitWriter(table.flush);

      await Promise.all([1, 2, 3].map((row) => sut.write(row)));

      expect(table.batches).toEqual([[1, 2, 3]]);
      expect(table.stored).toEqual([1, 2, 3]);
    });

    it('should resolve only once the flush holding the row has committed', async () => {
      const sut = new GroupCommitWriter(table.flush);
      table.hold();
      let committed = false;

      const write = sut.write(7).then(() => (committed = true));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(committed).toBe(false);

      table.release();
      await write;
      expect(table.stored).toEqual([7]);
    });

    it('should gather rows arriving during a flush into the next one when maxInFlight is reached', async () => {
      const sut = new GroupCommitWriter(table.flush, { maxInFlight: 1 });
      table.hold();
      const first = sut.write(1);
      await new Promise((resolve) => setImmediate(resolve));

      const later = [2, 3, 4].map((row) => sut.write(row));
      table.release();
      await Promise.all([first, ...later]);

      expect(table.batches).toEqual([[1], [2, 3, 4]]);
    });

    it('should split batches at maxRows', async () => {
      const sut = new GroupCommitWriter(table.flush, { maxRows: 2, maxInFlight: 4 });

      await Promise.all([1, 2, 3, 4, 5].map((row) => sut.write(row)));

      expect(table.batches).toEqual([[1, 2], [3, 4], [5]]);
    });

    it('should wait lingerMs for more rows when asked to', async () => {
      const sut = new GroupCommitWriter(table.flush, { lingerMs: 20 });

      const first = sut.write(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = sut.write(2);
      await Promise.all([first, second]);

      expect(table.batches).toEqual([[1, 2]]);
    });

    it('should reject every row of a batch with the failure when it is not isolated', async () => {
      const down = new Error('connect ECONNREFUSED 127.0.0.1:5432');
      table.failWith = () => down;
      const sut = new GroupCommitWriter(table.flush, { isolateFailures: () => false });

      const results = await Promise.allSettled([1, 2].map((row) => sut.write(row)));

      expect(results).toEqual([
        { status: 'rejected', reason: down },
        { status: 'rejected', reason: down },
      ]);
      expect(table.stored).toEqual([]);
    });

    it('should fail only the bad row when the failure is isolated', async () => {
      table.failWith = (rows) => (rows.includes(2) ? constraintViolation() : undefined);
      const sut = new GroupCommitWriter(table.flush, {
        isolateFailures: (error) => (error as { code?: string }).code === '23514',
      });

      const results = await Promise.allSettled([1, 2, 3].map((row) => sut.write(row)));

      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(table.stored.sort()).toEqual([1, 3]);
    });
  });

  describe('close', () => {
    it('should commit the rows queued before it resolves', async () => {
      const sut = new GroupCommitWriter(table.flush, { lingerMs: 60_000 });
      const write = sut.write(1);

      await sut.close();

      await expect(write).resolves.toBeUndefined();
      expect(table.stored).toEqual([1]);
    });

    it('should refuse rows written after it', async () => {
      const sut = new GroupCommitWriter(table.flush);
      await sut.close();

      await expect(sut.write(1)).rejects.toThrow(StorageError);
      expect(table.batches).toEqual([]);
    });
  });
});
