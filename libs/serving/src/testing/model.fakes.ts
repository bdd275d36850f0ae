import type { Candle } from '@crypto/candles';
import type { HarBaseline, VolatilityForecast, VolatilityModel } from '@crypto/model';
import type { ChampionModelSource, ModelInfo } from '../ml/champion-model-source';

const METRICS = { rmse: 0.002, mae: 0.0015, qlike: 0.12, r2: 0.31 };

/** What the registry reports of a served model (STYLE §12). */
export function modelInfo(overrides: Partial<ModelInfo> = {}): ModelInfo {
  return {
    model_name: 'crypto-volatility-bilstm',
    model_version: '3',
    alias: 'champion',
    run_id: 'run-3',
    loaded_at: '2026-01-01T00:00:00.000Z',
    trained_at: '2025-12-31T00:00:00.000Z',
    sequence_length: 48,
    horizon: 24,
    feature_columns: ['ret', 'vol24'],
    metrics: METRICS,
    baselines: { persistence: METRICS, ewma: METRICS, har: METRICS },
    test_window: null,
    backend: 'wasm',
    trained_backend: 'wasm',
    checksum: 'sha256',
    ...overrides,
  };
}

/** A model answering a fixed forecast for the last candle it is given; records the windows it saw. */
export class FakeVolatilityModel {
  readonly windows: number[] = [];
  disposed = false;
  /** what the HAR-RV fallback reads of a real model's preprocessing */
  preprocessing: { har_baseline?: HarBaseline } = {};

  constructor(
    readonly requiredCandles: number,
    private readonly forecast: Omit<VolatilityForecast, 'candle_ts'>,
  ) {}

  predict(candles: readonly Candle[]): VolatilityForecast {
    if (this.disposed) throw new Error('predict on a disposed model');
    this.windows.push(candles.length);
    return { ...this.forecast, candle_ts: candles.at(-1)!.ts };
  }

  dispose(): void {
    this.disposed = true;
  }
}

/** A model source serving one fake model, counting the leases taken and released. */
export class FakeModelSource implements ChampionModelSource {
  leases = 0;
  released = 0;
  reload?: ChampionModelSource['reload'];

  constructor(
    /** replaced by a test to play a reload */
    public model: FakeVolatilityModel | undefined,
    readonly info: ModelInfo | undefined = model ? modelInfo() : undefined,
  ) {}

  acquire() {
    if (!this.model || !this.info) return undefined;
    this.leases++;
    return {
      model: this.model as unknown as VolatilityModel,
      info: this.info,
      release: () => this.released++,
    };
  }
}
