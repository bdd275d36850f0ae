import { Logger } from '@nestjs/common';
import { ModelUnavailableError } from '../serving.errors';
import type { ChampionModelSource, ModelInfo } from './champion-model-source';

/** SPEC §8 `POST /v1/ml/model/reload`. */
export interface ReloadOutcome {
  success: true;
  message: string;
  model_version: string;
}

/** What model is served, and reloading it on demand (SPEC §8 `GET /v1/ml/model/info`, `POST …/reload`). */
export class ModelStatusService {
  private readonly logger = new Logger(ModelStatusService.name);

  constructor(private readonly models: ChampionModelSource) {}

  /** The model served now, or undefined while none is. */
  current(): ModelInfo | undefined {
    return this.models.info;
  }

  /**
   * Loads what the champion alias names now and serves it once ready. `ModelUnavailableError`:
   * NO_MODEL_SOURCE when this process has no registry wired, RELOAD_FAILED (naming the version still
   * served) when loading fails.
   */
  async reload(): Promise<ReloadOutcome> {
    if (!this.models.reload) {
      throw new ModelUnavailableError(
        'NO_MODEL_SOURCE',
        'no model registry is configured in this process: there is no model to reload',
      );
    }
    try {
      const { changed, info, previous_version } = await this.models.reload();
      const message = !changed
        ? `champion version ${info.model_version} is already served`
        : `now serving ${info.model_name} version ${info.model_version}${previous_version === null ? '' : ` (was ${previous_version})`}`;
      this.logger.log(`Model reload: ${message}`);
      return { success: true, message, model_version: info.model_version };
    } catch (error) {
      const still = this.current()?.model_version;
      throw new ModelUnavailableError(
        'RELOAD_FAILED',
        `reloading the champion failed (${error instanceof Error ? error.message : String(error)}); ${still === undefined ? 'no model is served' : `version ${still} is still served`}`,
        { cause: error },
      );
    }
  }
}
