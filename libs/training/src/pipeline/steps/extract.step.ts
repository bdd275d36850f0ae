import type { FlowState, With } from '../flow-state';
import type { StepProgress, TrainingDeps } from '../training-deps';
import { TrainingError } from '../../training.error';
import { rangeOf } from './step-records';

/** Extract: the market's candles (database, refreshed from the exchange, or a CSV) to `raw-data`. */
export class ExtractStep {
  constructor(private readonly deps: Pick<TrainingDeps, 'candles' | 'data'>) {}

  async run(state: FlowState, progress: StepProgress): Promise<With<'raw'>> {
    const { request } = state;
    await progress(0, `loading ${request.symbol} ${request.timeframe} candles`);
    const { candles, source } = await this.deps.candles.load(request);
    if (candles.length === 0) {
      throw new TrainingError(
        'INSUFFICIENT_DATA',
        `no ${request.symbol} ${request.timeframe} candles on ${request.exchange} in ${source}: ingest them first (pnpm cli ingest)`,
      );
    }
    const ref = await this.deps.data.putRawCandles(state.flow_id, candles);
    await progress(1, `${candles.length} candles from ${source}`);
    return { ...state, raw: { ref, candles: candles.length, range: rangeOf(candles), source } };
  }
}
