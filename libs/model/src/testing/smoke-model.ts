import { type Candle, CandleFactory } from '@crypto/candles';
import { SMOKE_MODEL_CONFIG, type ModelConfig } from '../model-config';
import { trainVolatilityModel, type TrainingResult } from '../train';

/** ~3,000 1h candles of a seeded random walk whose vol doubles for a stretch: enough for SMOKE_MODEL_CONFIG. */
export function smokeCandles(count = 3000, seed = 11): Candle[] {
  const calm = CandleFactory.series({ count }).randomWalk({ seed, sigma: 0.006 }).build();
  const turbulent = CandleFactory.series({ count })
    .randomWalk({ seed: seed + 1, sigma: 0.02 })
    .build();
  // The second third of the series takes the turbulent walk's returns, so vol changes over time.
  const closes: number[] = [];
  calm.forEach((candle, t) => {
    const source = t > count / 3 && t < (2 * count) / 3 ? turbulent : calm;
    const r = t === 0 ? 0 : source[t]!.close / source[t - 1]!.close - 1;
    closes.push(t === 0 ? candle.close : closes[t - 1]! * (1 + r));
  });
  return CandleFactory.series({ count })
    .withCloses(closes)
    .withRange(0.002)
    .withVolume((t) => 100 + (t % 24))
    .build();
}

export function trainSmokeModel(
  candles: readonly Candle[] = smokeCandles(),
  config: Partial<ModelConfig> = {},
): Promise<TrainingResult> {
  return trainVolatilityModel(candles, { ...SMOKE_MODEL_CONFIG, ...config });
}
