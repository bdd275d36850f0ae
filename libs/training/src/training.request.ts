import { normalizeSymbol, timeframeToMs, type MarketKey } from '@crypto/candles';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from '@crypto/model';
import { TrainingError } from './training.error';

/** What one training run is asked to do (REST `POST /v1/ml/train`, the schedule, `pnpm cli train`). */
export interface TrainingRequest {
  /** `BTCUSDT`, `btc/usdt` or `BTC/USDT` (normalised to `BTC/USDT`) */
  symbol: string;
  exchange: string;
  timeframe: string;
  /** the latest `limit` closed candles; default: every stored one */
  limit?: number;
  /** overrides `config.epochs` */
  epochs?: number;
  /** overrides of the model configuration (tests use the model lib's smoke configuration) */
  config?: Partial<ModelConfig>;
  /** a candle CSV read instead of the database (in-process runs only) */
  input?: string;
  /** false: train, evaluate and log to MLflow, but register and promote nothing */
  register?: boolean;
  trigger?: 'schedule' | 'api' | 'cli' | 'test';
}

/** A request checked and completed with its defaults: what the steps receive. */
export interface ResolvedTrainingRequest extends MarketKey {
  limit: number | null;
  config: ModelConfig;
  input: string | null;
  register: boolean;
  trigger: NonNullable<TrainingRequest['trigger']>;
}

const positiveInt = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;

/**
 * Normalises the symbol, checks the timeframe and the numbers, and merges the model configuration:
 * `DEFAULT_MODEL_CONFIG` < `defaults` (the app's settings) < `request.config` < `request.epochs`.
 * Throws `TrainingError('INVALID_REQUEST')` naming the field.
 */
export function resolveTrainingRequest(
  request: TrainingRequest,
  defaults: Partial<ModelConfig> = {},
): ResolvedTrainingRequest {
  const fail = (field: string, why: string): never => {
    throw new TrainingError('INVALID_REQUEST', `${field}: ${why}`);
  };
  let symbol = '';
  try {
    symbol = normalizeSymbol(request.symbol);
  } catch (error) {
    fail('symbol', (error as Error).message);
  }
  try {
    timeframeToMs(request.timeframe);
  } catch (error) {
    fail('timeframe', (error as Error).message);
  }
  if (!request.exchange || !/^[a-z0-9_]+$/.test(request.exchange))
    fail('exchange', `"${request.exchange}" is not a ccxt exchange id`);
  if (request.limit !== undefined && !positiveInt(request.limit))
    fail('limit', `${request.limit} is not a whole number ≥ 1`);
  if (request.epochs !== undefined && !positiveInt(request.epochs))
    fail('epochs', `${request.epochs} is not a whole number ≥ 1`);
  const config: ModelConfig = {
    ...DEFAULT_MODEL_CONFIG,
    ...defaults,
    ...request.config,
    ...(request.epochs === undefined ? {} : { epochs: request.epochs }),
  };
  return {
    symbol,
    exchange: request.exchange,
    timeframe: request.timeframe,
    limit: request.limit ?? null,
    config,
    input: request.input ?? null,
    register: request.register ?? true,
    trigger: request.trigger ?? 'api',
  };
}

/** `BTC/USDT` on binance 1h → `binance-btc-usdt-1h`: a market as one id segment (job ids, keys, run names). */
export const marketSlug = (market: MarketKey): string =>
  `${market.exchange}-${market.symbol.replace(/\//g, '-')}-${market.timeframe}`.toLowerCase();
