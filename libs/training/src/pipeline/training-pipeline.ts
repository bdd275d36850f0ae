import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Candle } from '@crypto/candles';
import { computeFeatureColumns, formatFeatureCsv } from '@crypto/features';
import {
  validateCandleQuality,
  type QualityReport,
  type QualityReportRepository,
  type QualityTolerances,
} from '@crypto/market-data';
import { ModelEventType, TrainingJob, type ModelEventMessage, type TrainingJobName } from '@crypto/messaging';
import {
  evaluateOnWindow,
  minimumTrainingCandles,
  trainVolatilityModel,
  type EvaluationReport,
  type HarBaseline,
  type ModelConfig,
  type VolatilityModel,
} from '@crypto/model';
import {
  ChampionModelLoader,
  ModelAlias,
  ModelLoadError,
  ModelTag,
  RunArtifact,
  TFJS_MODEL_CODEC,
  type ModelCodec,
  type MlflowClient,
  type MetricPoint,
} from '@crypto/registry';
import type { TrainingRunRepository } from '@crypto/storage';
import type { CandleProvider } from '../candles/candle-provider';
import type { ModelEventPublisher } from '../events/model-event.publisher';
import { decidePromotion } from '../promotion/promotion-gate';
import { TrainingError } from '../training.error';
import { marketSlug, resolveTrainingRequest, type TrainingRequest } from '../training.request';
import type { FlowState, ScoredChampion, With } from './flow-state';
import type { TrainingDataStore } from './training-data.store';

/** Steps in the order they run (the flow's leaf first, its root last). */
export const TRAINING_STEPS = [
  TrainingJob.Extract,
  TrainingJob.Validate,
  TrainingJob.BuildDataset,
  TrainingJob.Train,
  TrainingJob.Evaluate,
  TrainingJob.Register,
  TrainingJob.Promote,
] as const;
export type TrainingStep = (typeof TRAINING_STEPS)[number];

/** Reports a step's progress: fraction in [0, 1] of that step. */
export type StepProgress = (fraction: number, message: string) => void | Promise<void>;

export interface TrainingSettings {
  experimentName: string;
  /** registered model name (`crypto-volatility-bilstm`; tests use their own) */
  modelName: string;
  /** PROMOTION_REQUIRE_HAR: the candidate must beat HAR-RV too */
  requireHar: boolean;
  /** git sha of the code that trains (MLflow tag) */
  codeVersion: string;
  /** model configuration defaults under the request's overrides */
  modelDefaults?: Partial<ModelConfig>;
  qualityTolerances?: Partial<QualityTolerances>;
  /** quality checks whose failure stops the run; the others are recorded as warnings */
  blockingQualityChecks?: readonly (keyof QualityReport['checks'])[];
}

/** The model lib's operations (replaceable by a fake in tests of the pipeline's own logic). */
export interface ModelOps extends ModelCodec {
  train: typeof trainVolatilityModel;
  evaluateOnWindow: typeof evaluateOnWindow;
}

export const TFJS_MODEL_OPS: ModelOps = {
  ...TFJS_MODEL_CODEC,
  train: trainVolatilityModel,
  evaluateOnWindow,
};

export interface TrainingDeps {
  candles: CandleProvider;
  data: TrainingDataStore;
  qualityReports: Pick<QualityReportRepository, 'save'>;
  runs: Pick<TrainingRunRepository, 'start' | 'update' | 'get'>;
  mlflow: MlflowClient;
  events: ModelEventPublisher;
  settings: TrainingSettings;
  model?: ModelOps;
}

/**
 * Gaps come from exchange outages (Binance: 20 missing hours in 5 years) and large returns happen: those
 * are recorded, not blocking. Inconsistent or impossible candles stop the run.
 */
export const DEFAULT_BLOCKING_QUALITY_CHECKS: readonly (keyof QualityReport['checks'])[] = [
  'duplicates',
  'ohlc_consistency',
  'non_positive_prices',
  'negative_volume',
];

const metricsOf = (prefix: string, m: { rmse: number; mae: number; qlike: number; r2: number }, step = 0) =>
  (['rmse', 'mae', 'qlike', 'r2'] as const)
    .filter((k) => Number.isFinite(m[k]))
    .map((k): MetricPoint => ({ key: `${prefix}_${k}`, value: m[k], step }));

/** HAR-RV's coefficients fitted on the training split, as run params: what `evaluate --har stored` scores. */
const harParamsOf = (har: HarBaseline | undefined): Record<string, number> =>
  har
    ? {
        har_intercept: har.coefficients.intercept,
        har_daily: har.coefficients.daily,
        har_weekly: har.coefficients.weekly,
        har_monthly: har.coefficients.monthly,
        har_fit_origins: har.fit_window.n,
      }
    : {};

const rangeOf = (candles: readonly Candle[]) => ({ from_ts: candles[0]!.ts, to_ts: candles.at(-1)!.ts });

/** A new flow id: `<exchange>-<base>-<quote>-<tf>-<epoch ms>-<random>`, usable as a BullMQ job id prefix. */
export const newFlowId = (request: { exchange: string; symbol: string; timeframe: string }): string =>
  `${marketSlug(request)}-${Date.now()}-${randomBytes(3).toString('hex')}`;

/**
 * The training pipeline of SPEC §7 as plain steps (STYLE §3: every outside system injected). Each step
 * takes the state the previous one returned and returns it with its own part added, so that the BullMQ
 * flow runs each as a job (a child's return value feeds its parent) and `run()` chains them in process.
 * Every run is one MLflow run; a failed or rejected run never touches the `champion` alias.
 */
export class TrainingPipeline {
  private readonly logger = new Logger(TrainingPipeline.name);
  private readonly model: ModelOps;
  private readonly loader: ChampionModelLoader;

  constructor(private readonly deps: TrainingDeps) {
    this.model = deps.model ?? TFJS_MODEL_OPS;
    this.loader = new ChampionModelLoader(deps.mlflow, deps.settings.modelName, this.model);
  }

  /** Checks the request and records the run (status `queued`). */
  async begin(flowId: string, request: TrainingRequest): Promise<FlowState> {
    const resolved = resolveTrainingRequest(request, this.deps.settings.modelDefaults);
    await this.deps.runs.start(flowId, { ...resolved });
    return { flow_id: flowId, request: resolved };
  }

  /** Runs every step in process (the CLI): the same code the queue runs, one job after the other. */
  async run(
    request: TrainingRequest,
    onProgress: (step: TrainingStep, fraction: number, message: string) => void = () => undefined,
    flowId = newFlowId(resolveTrainingRequest(request)),
  ): Promise<FlowState> {
    let state = await this.begin(flowId, request);
    for (const step of TRAINING_STEPS) {
      try {
        state = await this.runStep(step, state, (fraction, message) => onProgress(step, fraction, message));
      } catch (error) {
        await this.fail(flowId, step, error);
        throw error;
      }
    }
    return state;
  }

  /** Runs one step by its job name. */
  async runStep(step: TrainingJobName, state: FlowState, progress: StepProgress): Promise<FlowState> {
    await this.deps.runs.update(state.flow_id, { status: 'running', step });
    switch (step) {
      case TrainingJob.Extract:
        return this.extract(state, progress);
      case TrainingJob.Validate:
        return this.validate(need(state, 'raw'), progress);
      case TrainingJob.BuildDataset:
        return this.buildDataset(need(state, 'raw', 'quality'), progress);
      case TrainingJob.Train:
        return this.train(need(state, 'dataset'), progress);
      case TrainingJob.Evaluate:
        return this.evaluate(need(state, 'dataset', 'run', 'evaluation'), progress);
      case TrainingJob.Register:
        return this.register(need(state, 'dataset', 'run', 'evaluation', 'gate_report'), progress);
      case TrainingJob.Promote:
        return this.promote(need(state, 'dataset', 'run', 'evaluation', 'gate_report'), progress);
      default:
        throw new Error(`no training step is named ${step}`);
    }
  }

  /** Extract: the market's candles (database, refreshed from the exchange, or a CSV) to `raw-data`. */
  async extract(state: FlowState, progress: StepProgress): Promise<With<'raw'>> {
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

  /** Validate quality: the data-quality report (stored in `quality-reports`); blocking checks stop the run. */
  async validate(state: With<'raw'>, progress: StepProgress): Promise<With<'raw' | 'quality'>> {
    const { request } = state;
    const candles = await this.deps.data.getCandles(state.raw.ref);
    const report = validateCandleQuality(candles, request.timeframe, {
      tolerances: this.deps.settings.qualityTolerances,
    });
    const stored = await this.deps.qualityReports.save(request, report);
    const failed = Object.entries(report.checks)
      .filter(([, check]) => !check.pass)
      .map(([name]) => name as keyof QualityReport['checks']);
    const blocking = this.deps.settings.blockingQualityChecks ?? DEFAULT_BLOCKING_QUALITY_CHECKS;
    const blocked = failed.filter((name) => blocking.includes(name));
    if (blocked.length > 0) {
      throw new TrainingError(
        'QUALITY_FAILED',
        `candles failed the quality checks ${blocked.join(', ')} (report s3://${stored.bucket}/${stored.key})`,
      );
    }
    const warnings = failed.filter((name) => !blocking.includes(name));
    await progress(
      1,
      warnings.length ? `quality passed with warnings: ${warnings.join(', ')}` : 'quality passed',
    );
    return { ...state, quality: { pass: report.pass, warnings, report: stored } };
  }

  /** Build dataset: cleaned candles and their feature table to `processed-data`; enough for the windows? */
  async buildDataset(
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

  /**
   * Train: one MLflow run (reused when the step is retried) with the params, `loss` / `val_loss` per
   * epoch (step = epoch), and the model's files under `model/` with their sha256 as a tag.
   */
  async train(
    state: With<'dataset'>,
    progress: StepProgress,
  ): Promise<With<'dataset' | 'run' | 'evaluation'>> {
    const { request } = state;
    const { mlflow, settings } = this.deps;
    const candles = await this.deps.data.getCandles(state.dataset.candles);
    const experimentId = await mlflow.ensureExperiment(settings.experimentName);
    const known = (await this.deps.runs.get(state.flow_id))?.mlflow_run_id;
    const runInfo = known
      ? (await mlflow.getRun(known)).info
      : await mlflow.createRun(experimentId, {
          runName: state.flow_id,
          tags: {
            [ModelTag.FlowId]: state.flow_id,
            [ModelTag.Symbol]: request.symbol,
            [ModelTag.Exchange]: request.exchange,
            [ModelTag.Timeframe]: request.timeframe,
            [ModelTag.CodeVersion]: settings.codeVersion,
            'mlflow.source.git.commit': settings.codeVersion,
            'crypto.trigger': request.trigger,
          },
        });
    if (!known) await this.deps.runs.update(state.flow_id, { mlflow_run_id: runInfo.run_id });
    const runId = runInfo.run_id;
    const { config } = request;
    await mlflow.logBatch(runId, {
      params: {
        ...snakeCase(config),
        symbol: request.symbol,
        exchange: request.exchange,
        timeframe: request.timeframe,
        candles: state.dataset.n,
        dataset_sha256: state.dataset.candles.sha256,
      },
    });

    await progress(0, `training on ${candles.length} candles (MLflow run ${runId})`);
    const result = await this.model.train(candles, config, {
      onEpochEnd: async (epoch, logs) => {
        await mlflow.logBatch(runId, {
          metrics: [
            { key: 'loss', value: logs.loss, step: epoch },
            { key: 'val_loss', value: logs.val_loss, step: epoch },
          ],
        });
      },
      // the model lib reports each epoch (loss, val_loss) through onProgress
      onProgress: (fraction, message) => void progress(Math.min(0.95, fraction), message),
    });
    try {
      const artifacts = await result.model.toArtifacts();
      const checksum = this.model.checksum(artifacts);
      for (const [name, bytes] of Object.entries(artifacts.files)) {
        await mlflow.uploadArtifact(runInfo, `${RunArtifact.ModelDir}/${name}`, bytes, contentTypeOf(name));
      }
      const preprocessing = result.model.preprocessing;
      await mlflow.uploadArtifact(
        runInfo,
        RunArtifact.Preprocessing,
        JSON.stringify(preprocessing, null, 2),
        'application/json',
      );
      const { dataset } = result;
      await mlflow.logBatch(runId, {
        params: {
          train_windows: dataset.train,
          validation_windows: dataset.validation,
          test_windows: dataset.test,
          ...harParamsOf(preprocessing.har_baseline),
        },
        tags: {
          [ModelTag.ArtifactsSha256]: checksum,
          [ModelTag.Backend]: preprocessing.backend,
          [ModelTag.DataFrom]: new Date(dataset.data_range.from_ts).toISOString(),
          [ModelTag.DataTo]: new Date(dataset.data_range.to_ts).toISOString(),
          [ModelTag.DataHash]: dataset.data_hash,
          [ModelTag.TrainedAt]: preprocessing.trained_at,
          'crypto.quality_warnings': (state.quality?.warnings ?? []).join(',') || 'none',
        },
      });
      await progress(1, `trained ${result.history.loss.length} epochs on ${preprocessing.backend}`);
      return {
        ...state,
        run: {
          run_id: runId,
          experiment_id: runInfo.experiment_id,
          artifact_uri: runInfo.artifact_uri,
          checksum,
          backend: preprocessing.backend,
          epochs_run: result.history.loss.length,
          trained_at: preprocessing.trained_at,
          data_hash: dataset.data_hash,
        },
        evaluation: result.evaluation,
      };
    } finally {
      result.model.dispose();
    }
  }

  /**
   * Evaluate: final metrics of the model and the baselines on the test window; the candidate re-loaded from
   * MLflow (checksum verified, so what gets registered is known to load) and the current champion, both
   * scored with `evaluateOnWindow` on that window for the gate; `evaluation.json` as an artifact.
   */
  async evaluate(
    state: With<'dataset' | 'run' | 'evaluation'>,
    progress: StepProgress,
  ): Promise<With<'dataset' | 'run' | 'evaluation' | 'gate_report'>> {
    const { mlflow } = this.deps;
    const { run, evaluation } = state;
    const candles = await this.deps.data.getCandles(state.dataset.candles);
    await progress(0.1, 're-loading the candidate from MLflow');
    const candidate = await this.loader.loadRun(run.run_id, run.checksum);
    let gateReport: EvaluationReport;
    try {
      gateReport = this.model.evaluateOnWindow(candidate, candles, evaluation.test_window);
    } finally {
      candidate.dispose();
    }
    await progress(0.5, 're-scoring the champion on the test window');
    const champion = await this.scoreChampion(candles, evaluation.test_window);
    const { test_window: w } = evaluation;
    await mlflow.logBatch(run.run_id, {
      metrics: [
        ...metricsOf('test', evaluation.model),
        ...metricsOf('persistence', evaluation.baselines.persistence),
        ...metricsOf('ewma', evaluation.baselines.ewma),
        ...metricsOf('har', evaluation.baselines.har),
        ...metricsOf('gate', gateReport.model),
        ...(champion?.metrics ? metricsOf('champion', champion.metrics) : []),
        { key: 'test_n', value: w.n, step: 0 },
        { key: 'epochs_run', value: run.epochs_run, step: 0 },
      ],
      tags: {
        'crypto.test_from': new Date(w.from_ts).toISOString(),
        'crypto.test_to': new Date(w.to_ts).toISOString(),
      },
    });
    const runInfo = {
      run_id: run.run_id,
      experiment_id: run.experiment_id,
      artifact_uri: run.artifact_uri,
      status: 'RUNNING' as const,
    };
    await mlflow.uploadArtifact(
      runInfo,
      RunArtifact.Evaluation,
      JSON.stringify({ ...evaluation, gate: gateReport, champion, dataset: state.dataset }, null, 2),
      'application/json',
    );
    await this.deps.runs.update(state.flow_id, {
      metrics: { ...evaluation.model, test_window: evaluation.test_window },
      baselines: evaluation.baselines,
    });
    await progress(1, `test QLIKE ${evaluation.model.qlike.toPrecision(4)}`);
    return { ...state, gate_report: gateReport, champion };
  }

  /** Register: a version of the registered model whose source is the run's `model/`, with its checksum. */
  async register(
    state: With<'dataset' | 'run' | 'evaluation' | 'gate_report'>,
    progress: StepProgress,
  ): Promise<FlowState> {
    if (!state.request.register) {
      await progress(1, 'not registered (--no-register)');
      return { ...state, version: null };
    }
    const { mlflow, settings } = this.deps;
    const { run, request, evaluation } = state;
    await mlflow.ensureRegisteredModel(settings.modelName, {
      description: 'BiLSTM forecast of the realized volatility of the next H candles (SPEC §6)',
    });
    // a retried step finds the version it created before
    const existing = await mlflow.searchModelVersions(settings.modelName, { runId: run.run_id });
    const version =
      existing[0] ??
      (await mlflow.createModelVersion(settings.modelName, {
        source: `${run.artifact_uri}/${RunArtifact.ModelDir}`,
        runId: run.run_id,
        description: `${request.symbol} ${request.timeframe} on ${request.exchange}, flow ${state.flow_id}`,
        tags: {
          [ModelTag.ArtifactsSha256]: run.checksum,
          [ModelTag.FlowId]: state.flow_id,
          [ModelTag.Symbol]: request.symbol,
          [ModelTag.Timeframe]: request.timeframe,
          [ModelTag.Backend]: run.backend,
          [ModelTag.DataHash]: run.data_hash,
          'crypto.test_qlike': String(evaluation.model.qlike),
        },
      }));
    await this.deps.runs.update(state.flow_id, { model_version: version.version });
    await progress(1, `registered ${settings.modelName} version ${version.version}`);
    return { ...state, version: version.version };
  }

  /**
   * Promote: the gate (SPEC §6). Champion → alias `champion`, a `model-events` message and a Redis notice;
   * otherwise alias `challenger` with the reason as a version tag. Idempotent when retried.
   */
  async promote(
    state: With<'dataset' | 'run' | 'evaluation' | 'gate_report'>,
    progress: StepProgress,
  ): Promise<FlowState> {
    const { mlflow, settings } = this.deps;
    const { run, version = null } = state;
    if (version === null) {
      const decision = { promote: false, alias: null, reason: 'not registered', comparisons: [], version };
      await this.finish(state, decision, 'not_registered');
      await progress(1, 'not registered: nothing to promote');
      return { ...state, decision };
    }
    const current = await this.loader.resolve({ alias: ModelAlias.Champion }).catch((error: unknown) => {
      if (error instanceof ModelLoadError && error.code === 'NO_MODEL') return null;
      throw error;
    });
    let champion = state.champion ?? null;
    if (current?.version === version) {
      // an earlier attempt of this step moved the alias, then failed (e.g. publishing): finish the job
      const decision = {
        promote: true,
        alias: 'champion' as const,
        reason: 'promoted by an earlier attempt of this step',
        comparisons: [],
        version,
      };
      await this.announce(state, version, champion?.version ?? null);
      await this.finish(state, decision, 'champion');
      return { ...state, decision };
    }
    if ((current?.version ?? null) !== (champion?.version ?? null)) {
      await progress(0.2, `the champion changed to v${current?.version} since evaluation: re-scoring it`);
      const candles = await this.deps.data.getCandles(state.dataset.candles);
      champion = await this.scoreChampion(candles, state.evaluation.test_window);
    }
    const gate = decidePromotion({ candidate: state.gate_report, champion, requireHar: settings.requireHar });
    const decision = { ...gate, version };
    await mlflow.setModelVersionTag(settings.modelName, version, ModelTag.Decision, gate.alias);
    if (gate.promote) {
      await mlflow.setAlias(settings.modelName, ModelAlias.Champion, version);
      await this.announce(state, version, current?.version ?? null);
    } else {
      await mlflow.setModelVersionTag(settings.modelName, version, ModelTag.RejectionReason, gate.reason);
      await mlflow.setAlias(settings.modelName, ModelAlias.Challenger, version);
    }
    await this.finish(state, decision, gate.alias);
    this.logger.log(`${settings.modelName} v${version} (run ${run.run_id}) → ${gate.alias}: ${gate.reason}`);
    await progress(1, `${gate.alias}: ${gate.reason}`);
    return { ...state, champion, decision };
  }

  /**
   * Records a failed step: the run row (status, step, reason) and the MLflow run (FAILED, when there is one
   * and MLflow answers). Never throws: it runs while handling another failure.
   */
  async fail(flowId: string, step: string, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`Training ${flowId} failed at ${step}: ${reason}`);
    try {
      const row = await this.deps.runs.update(flowId, {
        status: 'failed',
        step,
        reason: `${step}: ${reason}`.slice(0, 2000),
        finished_at: new Date(),
      });
      if (row?.mlflow_run_id) {
        await this.deps.mlflow.setRunTags(row.mlflow_run_id, {
          'crypto.failed_step': step,
          'crypto.error': reason.slice(0, 500),
        });
        await this.deps.mlflow.endRun(row.mlflow_run_id, 'FAILED');
      }
    } catch (secondary) {
      this.logger.warn(`Could not record the failure of ${flowId}: ${(secondary as Error).message}`);
    }
  }

  private async scoreChampion(
    candles: readonly Candle[],
    window: { from_ts: number; to_ts: number },
  ): Promise<ScoredChampion | null> {
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
        metrics: this.model.evaluateOnWindow(loaded.model, candles, window).model,
      };
    } finally {
      loaded.model.dispose();
    }
  }

  private async announce(state: FlowState, version: string, previous: string | null): Promise<void> {
    const event: ModelEventMessage = {
      type: ModelEventType.Promoted,
      model_name: this.deps.settings.modelName,
      version,
      alias: ModelAlias.Champion,
      run_id: state.run!.run_id,
      metrics: state.evaluation!.model,
      previous_version: previous,
      timestamp: Date.now(),
    };
    await this.deps.events.publish(event);
  }

  private async finish(
    state: With<'run' | 'evaluation'>,
    decision: NonNullable<FlowState['decision']>,
    label: string,
  ): Promise<void> {
    await this.deps.mlflow.setRunTags(state.run.run_id, {
      [ModelTag.Decision]: label,
      'crypto.decision_reason': decision.reason.slice(0, 5000),
      ...(decision.version ? { 'crypto.model_version': decision.version } : {}),
    });
    await this.deps.mlflow.endRun(state.run.run_id, 'FINISHED');
    await this.deps.runs.update(state.flow_id, {
      status: 'completed',
      step: TrainingJob.Promote,
      decision: label,
      reason: decision.reason,
      model_version: decision.version ?? undefined,
      finished_at: new Date(),
    });
  }
}

/** The state with the fields earlier steps must have filled; a clear error when a step runs out of order. */
function need<K extends keyof FlowState>(state: FlowState, ...keys: K[]): With<K> {
  const missing = keys.filter((k) => state[k] === undefined);
  if (missing.length > 0)
    throw new Error(`flow ${state.flow_id}: missing ${missing.join(', ')} from earlier steps`);
  return state as With<K>;
}

const snakeCase = (config: ModelConfig): Record<string, number> =>
  Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );

const contentTypeOf = (name: string) =>
  name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
