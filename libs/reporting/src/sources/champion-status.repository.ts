import { MlflowError, ModelAlias, RunArtifact, type MlflowClient } from '@crypto/registry';
import type { ChampionStatus, ForecastScores, NoChampion } from '../daily-report';

/** The MLflow calls the report needs (an `MlflowClient`, or a fake of it in unit tests). */
export type ChampionRegistry = Pick<MlflowClient, 'getVersionByAlias' | 'getRun' | 'downloadArtifact'>;

interface EvaluationFile {
  test_window?: ChampionStatus['test_window'];
  model?: ForecastScores;
  baselines?: ChampionStatus['baselines'];
}

/**
 * The registered model's `champion` (MLflow alias) and its test-window scores against the baselines, from
 * the run's `evaluation.json`: metadata only, the model files are never downloaded. MLflow failures
 * propagate (the report states them).
 */
export class ChampionStatusRepository {
  constructor(
    private readonly registry: ChampionRegistry,
    private readonly modelName: string,
  ) {}

  async champion(): Promise<ChampionStatus | NoChampion> {
    const version = await this.registry.getVersionByAlias(this.modelName, ModelAlias.Champion);
    if (!version) return { status: 'none', model_name: this.modelName };
    const evaluation = version.run_id ? await this.evaluation(version.run_id) : undefined;
    return {
      status: 'ok',
      model_name: this.modelName,
      version: version.version,
      run_id: version.run_id ?? null,
      registered_at: version.creation_timestamp ?? null,
      metrics: evaluation?.model ?? null,
      baselines: evaluation?.baselines ?? null,
      test_window: evaluation?.test_window ?? null,
    };
  }

  // an older run without evaluation.json still names its champion, without scores
  private async evaluation(runId: string): Promise<EvaluationFile | undefined> {
    const run = await this.registry.getRun(runId);
    try {
      const bytes = await this.registry.downloadArtifact(run.info, RunArtifact.Evaluation);
      return JSON.parse(bytes.toString('utf8')) as EvaluationFile;
    } catch (error) {
      if (error instanceof MlflowError && error.isNotFound) return undefined;
      throw error;
    }
  }
}
