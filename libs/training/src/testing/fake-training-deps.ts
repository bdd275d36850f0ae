import { createHash } from 'node:crypto';
import { CandleFactory, type Candle } from '@crypto/candles';
import type { QualityReport } from '@crypto/market-data';
import type { ModelEventMessage } from '@crypto/messaging';
import { SMOKE_MODEL_CONFIG } from '@crypto/model';
import {
  MlflowError,
  type ModelVersion,
  type NewModelVersion,
  type Run,
  type RunInfo,
} from '@crypto/registry';
import type { TrainingRun, TrainingRunPatch } from '@crypto/storage';
import type { CandleProvider } from '../candles/candle-provider';
import type { ModelEventPublisher } from '../events/model-event.publisher';
import type { FlowState } from '../pipeline/flow-state';
import type { ObjectRef } from '../pipeline/training-data.store';
import type { TrainingData, TrainingDeps, TrainingRegistry, TrainingRuns } from '../pipeline/training-deps';
import { TRAINING_STEPS, TrainingPipeline, type TrainingStep } from '../pipeline/training-pipeline';
import type { TrainingRequest } from '../training.request';
import { FakeModelOps, type FakeScores } from './fake-model-ops';

const toKeyValues = (record: Record<string, string | number> = {}) =>
  Object.entries(record).map(([key, value]) => ({ key, value: String(value) }));

const upsert = (list: { key: string; value: string }[], add: { key: string; value: string }[]) => [
  ...list.filter((kv) => !add.some((a) => a.key === kv.key)),
  ...add,
];

/**
 * The MLflow calls of the training steps, in memory (STYLE §11: a fake of the interface the steps take):
 * runs with params, metrics and tags, artifacts by path, versions with tags, aliases. `failNext` makes the
 * next call of a method throw, for the steps' failure paths.
 */
export class FakeMlflow implements TrainingRegistry {
  readonly runs = new Map<string, Run>();
  readonly artifacts = new Map<string, Uint8Array>();
  readonly versions: ModelVersion[] = [];
  readonly aliases = new Map<string, string>();
  readonly registered = new Set<string>();
  private readonly failures = new Map<string, Error>();
  private runCount = 0;

  failNext(method: keyof TrainingRegistry, error: Error = new MlflowError('UNAVAILABLE', 0, 'down')): void {
    this.failures.set(method, error);
  }

  tagsOf(runId: string): Record<string, string> {
    return Object.fromEntries((this.runs.get(runId)?.data.tags ?? []).map((t) => [t.key, t.value]));
  }

  paramsOf(runId: string): Record<string, string> {
    return Object.fromEntries((this.runs.get(runId)?.data.params ?? []).map((t) => [t.key, t.value]));
  }

  metricsOf(runId: string): { key: string; value: number; step?: number }[] {
    return this.runs.get(runId)?.data.metrics ?? [];
  }

  versionTag(version: string, key: string): string | undefined {
    return this.versions.find((v) => v.version === version)?.tags.find((t) => t.key === key)?.value;
  }

  async ensureExperiment(name: string): Promise<string> {
    this.check('ensureExperiment');
    return `exp-${name}`;
  }

  async createRun(experimentId: string, options: { runName?: string; tags?: Record<string, string> } = {}) {
    this.check('createRun');
    const runId = `run-${++this.runCount}`;
    const info: RunInfo = {
      run_id: runId,
      experiment_id: experimentId,
      run_name: options.runName,
      status: 'RUNNING',
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    };
    this.runs.set(runId, { info, data: { tags: toKeyValues(options.tags), params: [], metrics: [] } });
    return info;
  }

  async getRun(runId: string): Promise<Run> {
    this.check('getRun');
    const run = this.runs.get(runId);
    if (!run) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', 404, `no run ${runId}`);
    return structuredClone(run);
  }

  async logBatch(
    runId: string,
    batch: {
      metrics?: { key: string; value: number; step?: number }[];
      params?: Record<string, string | number>;
      tags?: Record<string, string>;
    },
  ): Promise<void> {
    this.check('logBatch');
    const { data } = this.runs.get(runId)!;
    data.params = upsert(data.params ?? [], toKeyValues(batch.params));
    data.tags = upsert(data.tags ?? [], toKeyValues(batch.tags));
    data.metrics = [...(data.metrics ?? []), ...(batch.metrics ?? []).map((m) => ({ ...m, timestamp: 0 }))];
  }

  async setRunTags(runId: string, tags: Record<string, string>): Promise<void> {
    this.check('setRunTags');
    await this.logBatch(runId, { tags });
  }

  async endRun(runId: string, status: RunInfo['status'] = 'FINISHED'): Promise<RunInfo> {
    this.check('endRun');
    const run = this.runs.get(runId)!;
    run.info.status = status;
    return run.info;
  }

  async uploadArtifact(run: RunInfo, path: string, body: Uint8Array | string): Promise<void> {
    this.check('uploadArtifact');
    this.artifacts.set(`${run.artifact_uri}/${path}`, typeof body === 'string' ? Buffer.from(body) : body);
  }

  async downloadArtifact(run: RunInfo, path: string): Promise<Buffer> {
    this.check('downloadArtifact');
    const bytes = this.artifacts.get(`${run.artifact_uri}/${path}`);
    if (!bytes) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', 404, `no artifact ${path}`);
    return Buffer.from(bytes);
  }

  async downloadArtifactDir(run: RunInfo, dir: string): Promise<Record<string, Buffer>> {
    this.check('downloadArtifactDir');
    const prefix = `${run.artifact_uri}/${dir}/`;
    return Object.fromEntries(
      [...this.artifacts]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, bytes]) => [key.slice(prefix.length), Buffer.from(bytes)]),
    );
  }

  async ensureRegisteredModel(name: string) {
    this.check('ensureRegisteredModel');
    this.registered.add(name);
    return { name, tags: [], aliases: [] };
  }

  async createModelVersion(name: string, version: NewModelVersion): Promise<ModelVersion> {
    this.check('createModelVersion');
    const created: ModelVersion = {
      name,
      version: String(this.versions.filter((v) => v.name === name).length + 1),
      source: version.source,
      run_id: version.runId,
      status: 'READY',
      tags: toKeyValues(version.tags),
      aliases: [],
    };
    this.versions.push(created);
    return structuredClone(created);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    this.check('getModelVersion');
    const found = this.versions.find((v) => v.name === name && v.version === version);
    if (!found) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', 404, `no version ${version}`);
    return structuredClone(found);
  }

  async searchModelVersions(name: string, options: { runId?: string } = {}): Promise<ModelVersion[]> {
    this.check('searchModelVersions');
    return this.versions
      .filter((v) => v.name === name && (!options.runId || v.run_id === options.runId))
      .map((v) => structuredClone(v))
      .reverse();
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    this.check('setModelVersionTag');
    const found = this.versions.find((v) => v.name === name && v.version === version)!;
    found.tags = upsert(found.tags, [{ key, value }]);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    this.check('setAlias');
    this.aliases.set(`${name}@${alias}`, version);
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion | null> {
    this.check('getVersionByAlias');
    const version = this.aliases.get(`${name}@${alias}`);
    return version === undefined ? null : this.getModelVersion(name, version);
  }

  private check(method: keyof TrainingRegistry): void {
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
  }
}

/** A flow's data between steps, in memory, with real sha256 references. */
export class InMemoryTrainingData implements TrainingData {
  readonly objects = new Map<string, readonly Candle[] | string>();

  async putRawCandles(flowId: string, candles: readonly Candle[]): Promise<ObjectRef> {
    return this.put('raw-data', `training/${flowId}/candles.csv`, candles);
  }

  async putProcessedCandles(flowId: string, candles: readonly Candle[]): Promise<ObjectRef> {
    return this.put('processed-data', `training/${flowId}/candles.csv`, candles);
  }

  async putProcessed(flowId: string, name: string, text: string): Promise<ObjectRef> {
    return this.put('processed-data', `training/${flowId}/${name}`, text);
  }

  async getCandles(ref: ObjectRef): Promise<Candle[]> {
    const found = this.objects.get(`${ref.bucket}/${ref.key}`);
    if (!Array.isArray(found)) throw new Error(`no candles at s3://${ref.bucket}/${ref.key}`);
    return [...(found as readonly Candle[])];
  }

  private put(bucket: string, key: string, value: readonly Candle[] | string): ObjectRef {
    this.objects.set(`${bucket}/${key}`, value);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return { bucket, key, bytes: text.length, sha256: createHash('sha256').update(text).digest('hex') };
  }
}

/** `training_runs` in memory: the rows the steps write, patch by patch. */
export class InMemoryTrainingRuns implements TrainingRuns {
  readonly rows = new Map<string, TrainingRun>();

  async start(jobId: string, params: Record<string, unknown>): Promise<TrainingRun> {
    const row = this.rows.get(jobId) ?? {
      id: this.rows.size + 1,
      job_id: jobId,
      mlflow_run_id: null,
      status: 'queued' as const,
      step: null,
      params,
      metrics: null,
      baselines: null,
      decision: null,
      reason: null,
      model_version: null,
      started_at: new Date(),
      finished_at: null,
    };
    this.rows.set(jobId, row);
    return row;
  }

  async update(jobId: string, patch: TrainingRunPatch): Promise<TrainingRun | undefined> {
    const row = this.rows.get(jobId);
    if (!row) return undefined;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    Object.assign(row, defined);
    return row;
  }

  async get(jobId: string): Promise<TrainingRun | undefined> {
    return this.rows.get(jobId);
  }
}

export class RecordingEvents implements ModelEventPublisher {
  readonly published: ModelEventMessage[] = [];

  async publish(event: ModelEventMessage): Promise<void> {
    this.published.push(event);
  }
}

export class FixedCandles implements CandleProvider {
  constructor(public candles: Candle[]) {}

  async load() {
    return { candles: [...this.candles], source: 'fixture' };
  }
}

export interface FakeTrainingDeps extends TrainingDeps {
  candles: FixedCandles;
  data: InMemoryTrainingData;
  runs: InMemoryTrainingRuns;
  mlflow: FakeMlflow;
  events: RecordingEvents;
  model: FakeModelOps;
  qualityReports: {
    saved: QualityReport[];
    save(market: unknown, report: QualityReport): Promise<{ bucket: string; key: string }>;
  };
}

/** Every dependency of the steps as a fake, on `count` clean hourly candles and a model scoring `scores`. */
export function fakeTrainingDeps(
  scores: FakeScores = { model: 0.3, persistence: 0.5, ewma: 0.45, har: 0.4 },
  count = 3_000,
): FakeTrainingDeps {
  const saved: QualityReport[] = [];
  return {
    candles: new FixedCandles(CandleFactory.series({ count }).randomWalk({ seed: 3, sigma: 0.01 }).build()),
    data: new InMemoryTrainingData(),
    runs: new InMemoryTrainingRuns(),
    mlflow: new FakeMlflow(),
    events: new RecordingEvents(),
    model: new FakeModelOps(scores),
    qualityReports: {
      saved,
      save: async (_market, report) => {
        saved.push(report);
        return { bucket: 'quality-reports', key: `report-${saved.length}.json` };
      },
    },
    settings: {
      experimentName: 'unit',
      modelName: 'unit-model',
      requireHar: false,
      codeVersion: 'unit-sha',
      modelDefaults: SMOKE_MODEL_CONFIG,
    },
  };
}

export const FAKE_MARKET = {
  exchange: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  trigger: 'test',
} as const;

/** The state the steps before `step` hand it, run for real on `deps` (flow `flow-1`). */
export async function stateBefore(
  deps: TrainingDeps,
  step: TrainingStep,
  request: TrainingRequest = FAKE_MARKET,
): Promise<FlowState> {
  const pipeline = new TrainingPipeline(deps);
  let state = await pipeline.begin('flow-1', request);
  for (const earlier of TRAINING_STEPS.slice(0, TRAINING_STEPS.indexOf(step))) {
    state = await pipeline.runStep(earlier, state, () => undefined);
  }
  return state;
}
