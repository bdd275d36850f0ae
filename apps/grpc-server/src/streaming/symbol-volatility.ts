import { Logger } from '@nestjs/common';
import { explainSignal } from '@crypto/signals';
import type { CandleRepository } from '@crypto/storage';

export interface SymbolVolatilityOptions {
  exchange: string;
  timeframe: string;
  /** a symbol's figures are read again at most this often, ms (and after each closed candle) */
  refreshMs: number;
  now?: () => number;
}

interface Known {
  volatility: number;
  regime: string;
  readAt: number;
  reading?: Promise<void>;
}

/** what a symbol with no closed candle stored answers */
export const UNKNOWN_VOLATILITY = { volatility: 0, regime: 'unknown' } as const;

// vol24 needs 25 closed candles; the REST default window keeps the numbers of `POST /v1/crypto/signal`
const WINDOW = 200;

/**
 * `vol24` and `vol_regime` of each streamed symbol's latest closed candle (SPEC §5, the same computation as
 * the heuristic signal), from the candles PostgreSQL holds. A lookup never waits: it answers what is known
 * and reads the store again in the background when that is older than `refreshMs` or a candle closed since.
 */
export class SymbolVolatility {
  private readonly logger = new Logger(SymbolVolatility.name);
  private readonly known = new Map<string, Known>();
  private readonly now: () => number;

  constructor(
    private readonly candles: Pick<CandleRepository, 'latest'>,
    private readonly options: SymbolVolatilityOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  lookup(symbol: string): { volatility: number; regime: string } {
    let entry = this.known.get(symbol);
    if (!entry) {
      entry = { ...UNKNOWN_VOLATILITY, readAt: Number.NEGATIVE_INFINITY };
      this.known.set(symbol, entry);
    }
    if (!entry.reading && this.now() - entry.readAt >= this.options.refreshMs) this.read(symbol, entry);
    return { volatility: entry.volatility, regime: entry.regime };
  }

  /** A candle of `symbol` closed: its figures are read again at the next lookup. */
  candleClosed(symbol: string): void {
    const entry = this.known.get(symbol);
    if (entry) entry.readAt = Number.NEGATIVE_INFINITY;
  }

  /** Resolves once every read started has ended (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.known.values()].map((e) => e.reading));
  }

  private read(symbol: string, entry: Known): void {
    const market = { exchange: this.options.exchange, symbol, timeframe: this.options.timeframe };
    // set before the read: a candle closing meanwhile (readAt reset) makes the next lookup read again
    entry.readAt = this.now();
    entry.reading = this.candles
      .latest(market, WINDOW)
      .then((candles) => {
        if (candles.length === 0) return;
        const signal = explainSignal(candles, 0);
        entry.volatility = signal.vol;
        entry.regime = signal.vol_regime;
      })
      .catch((error: unknown) =>
        // the last figures known stay; the next lookup after refreshMs tries again
        this.logger.warn(`Volatility of ${symbol} not read: ${(error as Error).message}`),
      )
      .finally(() => {
        entry.reading = undefined;
      });
  }
}
