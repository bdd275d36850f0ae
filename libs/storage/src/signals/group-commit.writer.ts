import { StorageError } from '../storage.error';

export interface GroupCommitOptions {
  /** most rows per flush (one statement) */
  maxRows?: number;
  /**
   * how long the first row of a batch waits for company, ms; 0 (default): until the current turn of the
   * event loop ends, which already gathers the rows of every request that arrived together
   */
  lingerMs?: number;
  /** flushes running at once (each holds one pooled connection) */
  maxInFlight?: number;
  /**
   * a failed batch of several rows is written again row by row when this says so, so that one bad row
   * fails alone (e.g. a constraint violation, not a lost connection)
   */
  isolateFailures?: (error: unknown) => boolean;
}

interface Pending<T> {
  row: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const DEFAULTS = { maxRows: 500, lingerMs: 0, maxInFlight: 4 };

/**
 * Group commit: rows written at about the same time are stored by one multi-row statement, and each
 * `write` resolves only once the statement holding its row has committed (or rejects with its failure), so
 * nothing is acknowledged before it is stored. While `maxInFlight` flushes run, new rows queue up and go
 * together in the next one: the busier, the larger the batches.
 */
export class GroupCommitWriter<T> {
  private readonly options: Required<Omit<GroupCommitOptions, 'isolateFailures'>> &
    Pick<GroupCommitOptions, 'isolateFailures'>;
  private queue: Pending<T>[] = [];
  private inFlight = 0;
  private scheduled?: { cancel(): void };
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly flush: (rows: T[]) => Promise<void>,
    options: GroupCommitOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Rows queued, not yet handed to a flush. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once `row` is committed; rejects with the failure of the statement that held it. */
  write(row: T): Promise<void> {
    if (this.closed) {
      return Promise.reject(
        new StorageError('UNAVAILABLE', 'the writer is closed: the process is shutting down'),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /** Stops taking rows and waits until every queued row is committed (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    this.scheduled?.cancel();
    this.scheduled = undefined;
    this.schedule(true);
    while (this.queue.length > 0 || this.inFlight > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  private schedule(now = false): void {
    if (this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    if (now || this.queue.length >= this.options.maxRows) {
      this.scheduled?.cancel();
      this.scheduled = undefined;
      this.run();
      return;
    }
    if (this.scheduled) return;
    if (this.options.lingerMs > 0) {
      const timer = setTimeout(() => this.fire(), this.options.lingerMs);
      this.scheduled = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(() => this.fire());
      this.scheduled = { cancel: () => clearImmediate(immediate) };
    }
  }

  private fire(): void {
    this.scheduled = undefined;
    this.run();
  }

  private run(): void {
    if (this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const batch = this.queue.splice(0, this.options.maxRows);
    this.inFlight++;
    void this.commit(batch).finally(() => {
      this.inFlight--;
      this.schedule(this.closed);
      if (this.queue.length === 0 && this.inFlight === 0) this.idle.splice(0).forEach((wake) => wake());
    });
  }

  private async commit(batch: Pending<T>[]): Promise<void> {
    try {
      await this.flush(batch.map((p) => p.row));
      batch.forEach((p) => p.resolve());
    } catch (error) {
      if (batch.length > 1 && this.options.isolateFailures?.(error)) {
        await Promise.all(batch.map((p) => this.commit([p])));
      } else {
        batch.forEach((p) => p.reject(error));
      }
    }
  }
}
