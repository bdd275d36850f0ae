import { Logger } from '@nestjs/common';
import { ModelEventType, type ModelEventMessage } from '@crypto/messaging';
import { MlflowError, ModelAlias, ModelTag, type MlflowClient, type ModelVersion } from '@crypto/registry';
import type { TrainingRunRepository } from '@crypto/storage';
import type { ModelEventPublisher } from '../events/model-event.publisher';
import { TrainingError } from '../training.error';
import {
  ChampionBusyError,
  ChampionLockUnavailableError,
  NO_CHAMPION_LOCK,
  type ChampionLock,
} from './champion-lock';

/** The decision label a rolled-back champion gets (version tag, run tag, `training_runs.decision`). */
export const ROLLED_BACK = 'rolled_back';
/** Version tags a rollback leaves beside `crypto.decision` (why, and where the alias went). */
export const RollbackTag = {
  Reason: 'crypto.rollback_reason',
  RolledBackTo: 'crypto.rolled_back_to',
  RolledBackAt: 'crypto.rolled_back_at',
  /** on the version restored: the champion it replaced */
  RestoredFrom: 'crypto.restored_from',
} as const;

export interface RollbackRequest {
  /** the version to make champion again; default: the previous champion */
  version?: string;
  /** why, recorded on the run, the version and in `training_runs` */
  reason?: string;
}

export interface RollbackOutcome {
  success: true;
  message: string;
  /** the champion now */
  model_version: string;
  /** the champion rolled back */
  previous_version: string;
}

export const MAX_ROLLBACK_REASON = 500;

const tagOf = (version: Pick<ModelVersion, 'tags'>, key: string) =>
  version.tags.find((t) => t.key === key)?.value;

/**
 * The previous champion of the registry's own history, pure: the newest version older than `current` whose
 * decision tag says the gate (or an earlier rollback) made it champion, and that was not rolled back since
 * (a rolled-back version carries `crypto.decision = rolled_back`). `versions` in any order; null when none.
 */
export function previousChampion(
  versions: readonly Pick<ModelVersion, 'version' | 'tags'>[],
  current: string,
): string | null {
  const below = versions
    .filter((v) => Number(v.version) < Number(current) && tagOf(v, ModelTag.Decision) === ModelAlias.Champion)
    .sort((a, b) => Number(b.version) - Number(a.version));
  return below[0]?.version ?? null;
}

export interface ChampionRollbackDeps {
  registry: Pick<
    MlflowClient,
    | 'getVersionByAlias'
    | 'getModelVersion'
    | 'searchModelVersions'
    | 'setAlias'
    | 'setModelVersionTag'
    | 'setRunTags'
    | 'getRun'
  >;
  runs: Pick<TrainingRunRepository, 'updateByMlflowRun'>;
  events: ModelEventPublisher;
  modelName: string;
  /**
   * Held from reading the champion to announcing the change, shared with the promote step, so a promotion
   * running meanwhile decides before or after the rollback, never on the champion it replaces. Default: none.
   */
  championLock?: ChampionLock;
  /** how long a rollback waits for a promotion holding the champion, ms (then CHAMPION_BUSY). Default 15 000 */
  lockWaitMs?: number;
  now?: () => Date;
}

/**
 * SPEC §8 `POST /v1/ml/model/rollback`, `pnpm cli rollback`: moves the `champion` alias back to the previous
 * champion (or the version asked for), records the decision and reason on the rolled-back version, its
 * MLflow run and its `training_runs` row, and announces it on `model-events` (Kafka and Redis) so that every
 * serving process loads the restored version. Refusals are `TrainingError`s: NOT_FOUND for an unknown
 * version, ROLLBACK_REFUSED when there is no champion, no previous one, or the version is the champion,
 * CHAMPION_BUSY when a promotion held the champion for longer than `lockWaitMs`, CHAMPION_LOCK_UNAVAILABLE
 * when Redis does not answer (before anything changed).
 */
export class ChampionRollback {
  private readonly logger = new Logger(ChampionRollback.name);
  private readonly now: () => Date;

  constructor(private readonly deps: ChampionRollbackDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async rollback(request: RollbackRequest = {}): Promise<RollbackOutcome> {
    const reason = request.reason?.trim() || 'no reason given';
    if (reason.length > MAX_ROLLBACK_REASON) {
      throw new TrainingError('INVALID_REQUEST', `reason: at most ${MAX_ROLLBACK_REASON} characters`);
    }
    const { modelName, championLock = NO_CHAMPION_LOCK, lockWaitMs = 15_000 } = this.deps;
    try {
      return await championLock.hold(modelName, `rollback (${reason})`, () => this.roll(request, reason), {
        waitMs: lockWaitMs,
      });
    } catch (error) {
      if (error instanceof ChampionBusyError) {
        throw new TrainingError('CHAMPION_BUSY', `${error.message}: try the rollback again`, {
          cause: error,
        });
      }
      if (error instanceof ChampionLockUnavailableError) {
        throw new TrainingError('CHAMPION_LOCK_UNAVAILABLE', error.message, { cause: error });
      }
      if (error instanceof MlflowError && error.errorCode === 'UNAVAILABLE') {
        throw new TrainingError(
          'REGISTRY_UNAVAILABLE',
          `the model registry is unavailable: ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  private async roll(request: RollbackRequest, reason: string): Promise<RollbackOutcome> {
    const { registry, modelName } = this.deps;
    const current = await registry.getVersionByAlias(modelName, ModelAlias.Champion);
    if (!current) {
      throw new TrainingError(
        'ROLLBACK_REFUSED',
        `${modelName} has no champion: there is nothing to roll back`,
      );
    }
    const target = await this.target(current.version, request.version);
    const at = this.now().toISOString();

    await registry.setAlias(modelName, ModelAlias.Champion, target.version);
    const demoted = {
      [ModelTag.Decision]: ROLLED_BACK,
      [RollbackTag.Reason]: reason,
      [RollbackTag.RolledBackTo]: target.version,
      [RollbackTag.RolledBackAt]: at,
    };
    for (const [key, value] of Object.entries(demoted))
      await registry.setModelVersionTag(modelName, current.version, key, value);
    await registry.setModelVersionTag(modelName, target.version, ModelTag.Decision, ModelAlias.Champion);
    await registry.setModelVersionTag(modelName, target.version, RollbackTag.RestoredFrom, current.version);
    const recorded = `rolled back to v${target.version} at ${at}: ${reason}`;
    if (current.run_id) {
      await registry.setRunTags(current.run_id, demoted);
      const row = await this.deps.runs.updateByMlflowRun(current.run_id, {
        decision: ROLLED_BACK,
        reason: recorded,
      });
      if (!row)
        this.logger.warn(`No training_runs row has MLflow run ${current.run_id} (v${current.version})`);
    }

    const event: ModelEventMessage = {
      type: ModelEventType.RolledBack,
      model_name: modelName,
      version: target.version,
      alias: ModelAlias.Champion,
      run_id: target.run_id ?? '',
      metrics: target.run_id ? await this.testMetrics(target.run_id) : null,
      previous_version: current.version,
      reason,
      timestamp: this.now().getTime(),
    };
    await this.deps.events.publish(event);
    const message = `${modelName} champion rolled back from version ${current.version} to ${target.version}: ${reason}`;
    this.logger.log(message);
    return { success: true, message, model_version: target.version, previous_version: current.version };
  }

  private async target(current: string, asked: string | undefined): Promise<ModelVersion> {
    const { registry, modelName } = this.deps;
    if (asked === undefined) {
      const previous = previousChampion(await registry.searchModelVersions(modelName), current);
      if (previous === null) {
        throw new TrainingError(
          'ROLLBACK_REFUSED',
          `${modelName} version ${current} is the champion and no earlier version was champion: name a version to roll back to`,
        );
      }
      return registry.getModelVersion(modelName, previous);
    }
    if (!/^[1-9]\d*$/.test(asked)) {
      throw new TrainingError('INVALID_REQUEST', `version: must be a model version number, got "${asked}"`);
    }
    if (asked === current) {
      throw new TrainingError(
        'ROLLBACK_REFUSED',
        `version: ${modelName} version ${asked} is the champion already`,
      );
    }
    const version = await registry.getModelVersion(modelName, asked).catch((error: unknown) => {
      if (error instanceof MlflowError && error.isNotFound) {
        throw new TrainingError('NOT_FOUND', `version: ${modelName} has no version ${asked}`, {
          cause: error,
        });
      }
      throw error;
    });
    if (version.status !== undefined && version.status !== 'READY') {
      throw new TrainingError(
        'ROLLBACK_REFUSED',
        `version: ${modelName} version ${asked} is ${version.status}`,
      );
    }
    return version;
  }

  /** The restored version's test-window metrics as its run logged them (`test_*`); null when incomplete. */
  private async testMetrics(runId: string): Promise<ModelEventMessage['metrics']> {
    const metrics = (await this.deps.registry.getRun(runId)).data.metrics ?? [];
    const value = (key: string) => metrics.find((m) => m.key === `test_${key}`)?.value;
    const [rmse, mae, qlike, r2] = ['rmse', 'mae', 'qlike', 'r2'].map(value);
    return rmse === undefined || mae === undefined || qlike === undefined || r2 === undefined
      ? null
      : { rmse, mae, qlike, r2 };
  }
}
