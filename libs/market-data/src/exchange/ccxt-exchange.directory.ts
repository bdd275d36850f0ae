import { CcxtCandleSource, type CcxtSourceOptions } from './ccxt-candle-source';
import type { ExchangeConnection } from './ccxt-exchange.factory';
import type { ExchangeMarketData } from './exchange-market-data';

/**
 * One {@link CcxtCandleSource} per exchange id, created on first use and kept (ccxt caches the markets per
 * client). `connection` applies to every exchange: a `baseUrl` (offline mode) sends them all to the emulator.
 */
export class CcxtExchangeDirectory {
  private readonly sources = new Map<string, CcxtCandleSource>();

  constructor(
    private readonly connection: Omit<ExchangeConnection, 'exchangeId'> = {},
    private readonly options: CcxtSourceOptions = {},
  ) {}

  get(exchangeId: string): ExchangeMarketData {
    const id = exchangeId.trim().toLowerCase();
    let source = this.sources.get(id);
    if (!source) {
      source = CcxtCandleSource.connect({ ...this.connection, exchangeId: id }, this.options);
      this.sources.set(id, source);
    }
    return source;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sources.values()].map((s) => s.close()));
    this.sources.clear();
  }
}
