import { Logger } from '@nestjs/common';
import {
  activeBackend,
  artifactsChecksum,
  ModelArtifactError,
  VolatilityModel,
  type EvaluationReport,
  type ForecastMetrics,
  type ModelArtifacts,
} from '@crypto/model';
import type { MlflowClient } from '../mlflow.client';
import { MlflowError } from '../mlflow.error';
import type { ModelVersion, RunInfo } from '../mlflow.schemas';
import { ModelAlias, ModelTag, REGISTERED_MODEL_NAME, RunArtifact } from '../model-registry.constants';
import { ModelLoadError } from './model-load.error';

/** What serving reports about its model (SPEC §8 `GET /v1/ml/model/info`). */
export interface ModelInfo {
  model_name: string;
  model_version: string;
  /** the alias it was loaded by; null when loaded by version number */
  alias: string | null;
  run_id: string;
  /** ISO-8601 UTC */
  loaded_at: string;
  trained_at: string;
  sequence_length: number;
  horizon: number;
  feature_columns: string[];
  /** the model's test-window metrics (natural scale) */
  metrics: ForecastMetrics;
  /** the baselines on the same test window; null when the run recorded none */
  baselines: EvaluationReport['baselines'] | null;
  test_window: EvaluationReport['test_window'] | null;
  /** the TF.js backend this process runs it on */
  backend: string;
  /** the backend it was trained on */
  trained_backend: string;
  /** sha256 of the model files, as recorded on the version and verified at load */
  checksum: string;
}

export interface LoadedModel {
  model: VolatilityModel;
  info: ModelInfo;
}

/** How model files become a model: the model lib's, or a fake in unit tests. */
export interface ModelCodec {
  checksum(artifacts: ModelArtifacts): string;
  fromArtifacts(artifacts: ModelArtifacts): Promise<VolatilityModel>;
  /** the TF.js backend this process runs models on */
  backend(): string;
}

export const TFJS_MODEL_CODEC: ModelCodec = {
  checksum: artifactsChecksum,
  fromArtifacts: (artifacts) => VolatilityModel.fromArtifacts(artifacts),
  backend: activeBackend,
};

/** A registered version to load: by alias (default `champion`) or by number. */
export type ModelRef = { alias: string } | { version: string };

/** The MLflow calls the loader needs (an `MlflowClient`, or a fake of it in unit tests). */
export type ModelRegistryReader = Pick<
  MlflowClient,
  'getVersionByAlias' | 'getModelVersion' | 'getRun' | 'downloadArtifactDir' | 'downloadArtifact'
>;

const describeRef = (name: string, ref: ModelRef) =>
  'alias' in ref ? `${name}@${ref.alias}` : `${name} version ${ref.version}`;

/**
 * Loads a registered model: alias → version → the files of the run's `model/` → sha256 check against the
 * version's `crypto.artifacts_sha256` tag → `VolatilityModel.fromArtifacts`. Any failure is a
 * {@link ModelLoadError} and leaves nothing allocated, so a caller that already serves a model keeps it.
 */
export class ChampionModelLoader {
  private readonly logger = new Logger(ChampionModelLoader.name);

  constructor(
    private readonly registry: ModelRegistryReader,
    readonly modelName: string = REGISTERED_MODEL_NAME,
    private readonly codec: ModelCodec = TFJS_MODEL_CODEC,
  ) {}

  /** The version `ref` names now, without downloading anything; NO_MODEL when there is none. */
  async resolve(ref: ModelRef = { alias: ModelAlias.Champion }): Promise<ModelVersion> {
    const what = describeRef(this.modelName, ref);
    const version = await this.guard(what, 'NO_MODEL', () =>
      'alias' in ref
        ? this.registry.getVersionByAlias(this.modelName, ref.alias)
        : this.registry.getModelVersion(this.modelName, ref.version),
    );
    if (!version) throw new ModelLoadError('NO_MODEL', `no model registered as ${what}`);
    return version;
  }

  async load(ref: ModelRef = { alias: ModelAlias.Champion }): Promise<LoadedModel> {
    return this.loadVersion(await this.resolve(ref), 'alias' in ref ? ref.alias : null);
  }

  /** Loads a version already resolved (see {@link resolve}). */
  async loadVersion(version: ModelVersion, alias: string | null = null): Promise<LoadedModel> {
    const what = `${this.modelName} version ${version.version}`;
    const expected = version.tags.find((t) => t.key === ModelTag.ArtifactsSha256)?.value;
    if (!expected) throw new ModelLoadError('BAD_ARTIFACT', `${what} has no ${ModelTag.ArtifactsSha256} tag`);
    if (!version.run_id) throw new ModelLoadError('BAD_ARTIFACT', `${what} names no run`);
    const { model, evaluation, run } = await this.loadFiles(what, version.run_id, version.source, expected);
    const p = model.preprocessing;
    const info: ModelInfo = {
      model_name: this.modelName,
      model_version: version.version,
      alias,
      run_id: run.run_id,
      loaded_at: new Date().toISOString(),
      trained_at: p.trained_at,
      sequence_length: p.sequence_length,
      horizon: p.horizon,
      feature_columns: [...p.feature_columns],
      metrics: evaluation?.model ?? pickMetrics(p.test_metrics),
      baselines: evaluation?.baselines ?? p.baselines ?? null,
      test_window: evaluation?.test_window ?? p.test_window ?? null,
      backend: this.codec.backend(),
      trained_backend: p.backend,
      checksum: expected,
    };
    this.logger.log(
      `Loaded ${what} (run ${run.run_id}, sha256 ${expected.slice(0, 12)}…) on backend ${info.backend}`,
    );
    return { model, info };
  }

  /**
   * The model a run logged under `model/`, checked against `expectedChecksum`: the training pipeline
   * loads what it uploaded before registering it, so a version never points at files that do not load.
   */
  async loadRun(runId: string, expectedChecksum: string): Promise<VolatilityModel> {
    const run = await this.guard(`run ${runId}`, 'BAD_ARTIFACT', () => this.registry.getRun(runId));
    const source = `${run.info.artifact_uri.replace(/\/+$/, '')}/${RunArtifact.ModelDir}`;
    return (await this.loadFiles(`run ${runId}`, runId, source, expectedChecksum, false)).model;
  }

  private async loadFiles(
    what: string,
    runId: string,
    source: string,
    expected: string,
    withEvaluation = true,
  ): Promise<{ model: VolatilityModel; evaluation: EvaluationReport | undefined; run: RunInfo }> {
    const run = (await this.guard(what, 'BAD_ARTIFACT', () => this.registry.getRun(runId))).info;
    const prefix = `${run.artifact_uri.replace(/\/+$/, '')}/`;
    if (!source.startsWith(prefix)) {
      throw new ModelLoadError(
        'BAD_ARTIFACT',
        `${what}: source ${source} is not under its run's artifacts ${prefix}`,
      );
    }
    const files = await this.guard(what, 'BAD_ARTIFACT', () =>
      this.registry.downloadArtifactDir(run, source.slice(prefix.length)),
    );
    if (Object.keys(files).length === 0)
      throw new ModelLoadError('BAD_ARTIFACT', `${what}: no files under ${source}`);
    const evaluation = withEvaluation ? await this.readEvaluation(run, what) : undefined;
    const artifacts: ModelArtifacts = {
      files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(v)])),
    };
    const actual = this.codec.checksum(artifacts);
    if (actual !== expected) {
      throw new ModelLoadError(
        'BAD_ARTIFACT',
        `${what}: files of ${source} have sha256 ${actual}, ${expected} was recorded`,
      );
    }
    try {
      return { model: await this.codec.fromArtifacts(artifacts), evaluation, run };
    } catch (cause) {
      const reason = cause instanceof ModelArtifactError ? `${cause.code}: ${cause.message}` : String(cause);
      throw new ModelLoadError('BAD_ARTIFACT', `${what} refused: ${reason}`, { cause });
    }
  }

  // evaluation.json holds the baselines; an older run without it still loads (metrics from preprocessing)
  private async readEvaluation(run: RunInfo, what: string): Promise<EvaluationReport | undefined> {
    try {
      return JSON.parse(
        (await this.registry.downloadArtifact(run, RunArtifact.Evaluation)).toString('utf8'),
      ) as EvaluationReport;
    } catch (cause) {
      if (cause instanceof MlflowError && cause.isNotFound) return undefined;
      if (cause instanceof SyntaxError)
        throw new ModelLoadError('BAD_ARTIFACT', `${what}: ${RunArtifact.Evaluation} is not JSON`, { cause });
      throw toLoadError(what, 'BAD_ARTIFACT', cause);
    }
  }

  private async guard<T>(
    what: string,
    notFound: 'NO_MODEL' | 'BAD_ARTIFACT',
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw toLoadError(what, notFound, cause);
    }
  }
}

function toLoadError(what: string, notFound: 'NO_MODEL' | 'BAD_ARTIFACT', cause: unknown): ModelLoadError {
  if (cause instanceof ModelLoadError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof MlflowError && cause.isNotFound)
    return new ModelLoadError(notFound, `${what}: ${message}`, { cause });
  if (cause instanceof MlflowError && (cause.errorCode === 'UNAVAILABLE' || cause.status >= 500))
    return new ModelLoadError('REGISTRY_UNAVAILABLE', `${what}: ${message}`, { cause });
  return new ModelLoadError('BAD_ARTIFACT', `${what}: ${message}`, { cause });
}

const pickMetrics = ({ rmse, mae, qlike, r2 }: ForecastMetrics): ForecastMetrics => ({
  rmse,
  mae,
  qlike,
  r2,
});
