import type { PriceTick } from '@crypto/messaging';
import type { PriceUpdate } from '../generated/crypto/PriceUpdate';
import type { PriceStreamQuery } from '../crypto/grpc-requests';

/** Where a stream's updates go: a gRPC call's `write` (false: the client's buffer is full, wait for drain). */
export interface PriceUpdateSink {
  write(update: PriceUpdate): boolean;
}

/** `vol24` and `vol_regime` of a symbol's latest closed candle, as known now. */
export type VolatilityLookup = (symbol: string) => { volatility: number; regime: string };

interface SymbolState {
  lastSentAt: number;
  /** the latest tick not sent yet (a newer one replaces it: only the latest price matters) */
  pending?: PriceTick;
  timer?: NodeJS.Timeout;
}

/**
 * One StreamPrices call: ticks of the requested symbols are sent at once when the symbol's last update is at
 * least `intervalMs` old, otherwise the latest is held and sent when the interval has passed; so a client gets
 * at most one update per symbol per interval, and the newest price. While the client reads slower than the
 * updates come (its buffer is full), nothing more is written: the latest tick per symbol waits for `drain`,
 * so a slow client holds up no other stream and costs at most one tick per symbol.
 */
export class PriceStream {
  private readonly states = new Map<string, SymbolState>();
  private blocked = false;
  private closed = false;

  constructor(
    private readonly query: PriceStreamQuery,
    private readonly sink: PriceUpdateSink,
    private readonly volatility: VolatilityLookup,
    private readonly onSent: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A tick from the feed; ticks of symbols not asked for are ignored. */
  offer(tick: PriceTick): void {
    if (this.closed || (this.query.symbols.size > 0 && !this.query.symbols.has(tick.symbol))) return;
    let state = this.states.get(tick.symbol);
    if (!state) {
      state = { lastSentAt: Number.NEGATIVE_INFINITY };
      this.states.set(tick.symbol, state);
    }
    state.pending = tick;
    this.flush(tick.symbol, state);
  }

  /** The client can take more: send what waited. */
  drained(): void {
    this.blocked = false;
    for (const [symbol, state] of this.states) this.flush(symbol, state);
  }

  /** The call ended (cancelled, finished, server shutting down): timers cleared, nothing more is written. */
  close(): void {
    this.closed = true;
    for (const state of this.states.values()) clearTimeout(state.timer);
    this.states.clear();
  }

  private flush(symbol: string, state: SymbolState): void {
    if (this.blocked || this.closed || !state.pending || state.timer) return;
    const wait = state.lastSentAt + this.query.intervalMs - this.now();
    if (wait > 0) {
      state.timer = setTimeout(() => {
        state.timer = undefined;
        this.flush(symbol, state);
      }, wait);
      return;
    }
    const tick = state.pending;
    state.pending = undefined;
    state.lastSentAt = this.now();
    this.onSent();
    if (!this.sink.write(this.toUpdate(tick))) this.blocked = true;
  }

  private toUpdate(tick: PriceTick): PriceUpdate {
    const { volatility, regime } = this.volatility(tick.symbol);
    return {
      symbol: tick.symbol,
      price: tick.price,
      change_24h: tick.change_24h ?? 0,
      volume_24h: tick.volume,
      timestamp: tick.timestamp,
      volatility,
      regime,
    };
  }
}
