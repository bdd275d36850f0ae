import { MarketDataError } from '@crypto/candles';
import {
  InvalidRequestError,
  MIN_UPDATE_INTERVAL_MS,
  toCandleQuery,
  toMlSignalQuery,
  toPriceStreamQuery,
  toSignalQuery,
} from './grpc-requests';

const market = { symbol: '', exchange: '', timeframe: '', limit: 0 };

describe('gRPC requests', () => {
  describe(toCandleQuery.name, () => {
    it('should read unset (zero) fields as the REST defaults', () => {
      expect(toCandleQuery(market)).toEqual({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        limit: 200,
      });
    });

    it('should normalise the symbol and exchange as REST does', () => {
      expect(toCandleQuery({ ...market, symbol: 'eth-usdt', exchange: ' Binance ', limit: 5 })).toEqual({
        symbol: 'ETH/USDT',
        exchange: 'binance',
        timeframe: '1h',
        limit: 5,
      });
    });

    it.each([
      ['symbol', { symbol: 'NOTAPAIR!' }, MarketDataError],
      ['timeframe', { timeframe: '7x' }, MarketDataError],
      ['exchange', { exchange: 'nowhere' }, MarketDataError],
      ['limit', { limit: 1001 }, InvalidRequestError],
      ['limit', { limit: -1 }, InvalidRequestError],
    ])('should refuse a bad %s', (_field, fields, kind) => {
      expect(() => toCandleQuery({ ...market, ...fields })).toThrow(kind);
    });

    it('should name the field and the bounds of a limit out of range', () => {
      expect(() => toCandleQuery({ ...market, limit: 5000 })).toThrow(
        'limit must be an integer from 1 to 1000 (got 5000)',
      );
    });
  });

  describe(toSignalQuery.name, () => {
    it('should default the horizon to 60 minutes and keep explain', () => {
      expect(toSignalQuery({ ...market, horizon_min: 0, explain: true })).toMatchObject({
        horizonMin: 60,
        explain: true,
        limit: 200,
      });
    });

    it('should refuse a horizon longer than a week, naming horizon_min', () => {
      expect(() => toSignalQuery({ ...market, horizon_min: 10_081, explain: false })).toThrow(/^horizon_min/);
    });
  });

  describe(toMlSignalQuery.name, () => {
    it('should take include_heuristic as sent', () => {
      expect(toMlSignalQuery({ ...market, include_heuristic: false }).includeHeuristic).toBe(false);
      expect(toMlSignalQuery({ ...market, include_heuristic: true }).includeHeuristic).toBe(true);
    });
  });

  describe(toPriceStreamQuery.name, () => {
    it('should default to every symbol once a second', () => {
      const query = toPriceStreamQuery({ symbols: [], update_interval_ms: 0 });
      expect([...query.symbols]).toEqual([]);
      expect(query.intervalMs).toBe(1_000);
    });

    it('should normalise the symbols and hold the interval at its floor', () => {
      const query = toPriceStreamQuery({ symbols: ['BTCUSDT', 'eth/usdt'], update_interval_ms: 10 });
      expect([...query.symbols]).toEqual(['BTC/USDT', 'ETH/USDT']);
      expect(query.intervalMs).toBe(MIN_UPDATE_INTERVAL_MS);
    });

    it('should refuse a negative interval and a symbol that is no pair', () => {
      expect(() => toPriceStreamQuery({ symbols: [], update_interval_ms: -5 })).toThrow(
        /^update_interval_ms/,
      );
      expect(() => toPriceStreamQuery({ symbols: ['???'], update_interval_ms: 0 })).toThrow(MarketDataError);
    });
  });
});
