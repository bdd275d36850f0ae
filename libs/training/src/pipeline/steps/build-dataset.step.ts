import { computeFeatureColumns, formatFeatureCsv } from '@crypto/features';
import { minimumTrainingCandles } from '@crypto/model';
import { TrainingError } from '../../training.error';
import type { With } from '../flow-state';
import type { StepProgress, TrainingDeps } from '../training-deps';
import { rangeOf } from './step-records';

/** Build dataset: cleaned candles and their feature table to `processed-data`; enough for the windows? */
export class BuildDatasetStep {
  constructor(private readonly deps: Pick<TrainingDeps, 'data'>) {}

  async run(
    state: With<'raw' | 'quality'>,
    progress: StepProgress,
  ): Promise<With<'raw' | 'quality' | 'dataset'>> {
    const { config } = state.request;
    const raw = await this.deps.data.getCandles(state.raw.ref);
    // the validator tolerated them; the model wants one candle per ts, in order
    const candles = [...new Map(raw.map((c) => [c.ts, c])).values()].sort((a, b) => a.ts - b.ts);
    const needed = minimumTrainingCandles(config);
    if (candles.length < needed) {
      throw new TrainingError(
        'INSUFFICIENT_DATA',
        `${candles.length} candles: with L=${config.sequenceLength}, H=${config.horizon}, three splits and the history HAR-RV needs before the test window take at least ${needed} (minimumTrainingCandles)`,
      );
    }
    await progress(0.3, `computing features of ${candles.length} candles`);
    const candleRef = await this.deps.data.putProcessedCandles(state.flow_id, candles);
    const features = await this.deps.data.putProcessed(
      state.flow_id,
      'features.csv',
      formatFeatureCsv(computeFeatureColumns(candles)),
    );
    await progress(1, `dataset of ${candles.length} candles`);
    return {
      ...state,
      dataset: { candles: candleRef, features, n: candles.length, range: rangeOf(candles) },
    };
  }
}
