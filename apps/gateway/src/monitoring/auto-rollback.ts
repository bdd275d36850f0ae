import { Logger } from '@nestjs/common';
import type { ModelInfo } from '@crypto/registry';
import type { BaselineFallback } from '@crypto/serving';
import { TrainingError, type ChampionRollback } from '@crypto/training';

/**
 * AUTO_ROLLBACK=true (issue 14): a degraded champion is rolled back as `POST /v1/ml/model/rollback` does;
 * when the registry refuses because no earlier version was champion, HAR-RV answers the ML requests of this
 * gateway instead (`BaselineFallback`, marked in each answer) until another version is served.
 */
export class AutoRollback {
  private readonly logger = new Logger('ForecastMonitoring');

  constructor(
    private readonly rollback: Pick<ChampionRollback, 'rollback'>,
    private readonly fallback: Pick<BaselineFallback, 'engage'>,
  ) {}

  async respond(info: ModelInfo, why: string): Promise<void> {
    try {
      const outcome = await this.rollback.rollback({ reason: `AUTO_ROLLBACK: ${why}` });
      this.logger.warn(outcome.message);
    } catch (error) {
      if (error instanceof TrainingError && error.code === 'ROLLBACK_REFUSED') {
        this.fallback.engage(info.model_version, `${why}; ${error.message}`);
        this.logger.warn(
          `AUTO_ROLLBACK refused (${error.message}): HAR-RV answers for v${info.model_version}`,
        );
        return;
      }
      this.logger.error(
        `AUTO_ROLLBACK failed, retried when next judged degraded: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}
