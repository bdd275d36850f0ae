import type { Candle } from '@crypto/candles';
import type { VolatilityModel } from '@crypto/model';
import { ChampionModelLoader, ModelAlias, ModelLoadError } from '@crypto/registry';
import type { ScoredChampion } from '../flow-state';
import type { EvaluationWindow, ModelOps } from '../model-ops';

/** The current champion re-scored on a candidate's test window, for the gate (SPEC §6). */
export class ChampionScorer {
  constructor(
    private readonly loader: ChampionModelLoader,
    private readonly model: ModelOps,
  ) {}

  /** The champion now; null when there is none. */
  async current() {
    return this.loader.resolve({ alias: ModelAlias.Champion }).catch((error: unknown) => {
      if (error instanceof ModelLoadError && error.code === 'NO_MODEL') return null;
      throw error;
    });
  }

  /**
   * null when there is no champion; metrics null (with the error) when its files do not load: a champion
   * that cannot serve is not defended.
   */
  async score(candles: readonly Candle[], window: EvaluationWindow): Promise<ScoredChampion | null> {
    let loaded: { model: VolatilityModel; version: string };
    try {
      const version = await this.loader.resolve({ alias: ModelAlias.Champion });
      loaded = {
        model: (await this.loader.loadVersion(version, ModelAlias.Champion)).model,
        version: version.version,
      };
    } catch (error) {
      if (error instanceof ModelLoadError && error.code === 'NO_MODEL') return null;
      if (error instanceof ModelLoadError && error.code === 'BAD_ARTIFACT') {
        const version = await this.loader.resolve({ alias: ModelAlias.Champion });
        return { version: version.version, metrics: null, error: error.message };
      }
      throw error;
    }
    try {
      return {
        version: loaded.version,
        metrics: (await this.model.evaluateOnWindow(loaded.model, candles, window)).model,
      };
    } finally {
      loaded.model.dispose();
    }
  }
}
