/** An append-only table in memory, with the repositories' `save` / `tail`. */
export class InMemoryRecordTable<T extends { symbol: string }> {
  readonly rows: T[] = [];
  failWith?: Error;

  async save(record: T): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.rows.push(record);
  }

  async tail(n: number, { symbol }: { symbol?: string } = {}): Promise<T[]> {
    return this.rows.filter((r) => symbol === undefined || r.symbol === symbol).slice(-n);
  }
}
