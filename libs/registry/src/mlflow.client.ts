import type { z } from 'zod';
import { MlflowError } from './mlflow.error';
import {
  ErrorBody,
  Experiment,
  FileInfo,
  ModelVersion,
  RegisteredModel,
  Run,
  RunInfo,
  type RunStatus,
} from './mlflow.schemas';

export interface NewModelVersion {
  /** URI of the version's files, e.g. the run's `mlflow-artifacts:/<exp>/<run>/artifacts/model` */
  source: string;
  runId?: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface MetricPoint {
  key: string;
  value: number;
  step?: number;
  timestamp?: number;
}

/**
 * Typed client for the MLflow tracking server's REST API over `fetch` (no maintained MLflow client exists
 * on npm). Every response is validated, so a server that answers something unexpected fails loudly here.
 * Artifacts go through the server's proxy (`--serve-artifacts`): the client never talks to MinIO itself.
 */
export class MlflowClient {
  private readonly base: string;

  constructor(
    trackingUri: string,
    private readonly timeoutMs = 15_000,
  ) {
    this.base = trackingUri.replace(/\/+$/, '');
  }

  async health(): Promise<boolean> {
    try {
      const res = await fetch(`${this.base}/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
      return res.ok;
    } catch {
      return false;
    }
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      const { experiment } = await this.call(
        'GET',
        `mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      );
      return Experiment.parse(experiment);
    } catch (e) {
      if (e instanceof MlflowError && e.isNotFound) return null;
      throw e;
    }
  }

  /** Returns the experiment's id, creating it when missing (idempotent). */
  async ensureExperiment(name: string): Promise<string> {
    const existing = await this.getExperimentByName(name);
    if (existing) return existing.experiment_id;
    const { experiment_id } = await this.call('POST', 'mlflow/experiments/create', { name });
    return String(experiment_id);
  }

  async createRun(
    experimentId: string,
    options: { runName?: string; tags?: Record<string, string> } = {},
  ): Promise<RunInfo> {
    const { run } = await this.call('POST', 'mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: options.runName,
      start_time: Date.now(),
      tags: toKeyValues(options.tags),
    });
    return Run.parse(run).info;
  }

  async getRun(runId: string): Promise<Run> {
    const { run } = await this.call('GET', `mlflow/runs/get?run_id=${encodeURIComponent(runId)}`);
    return Run.parse(run);
  }

  /** Logs metrics, params and tags, split into batches within the server's limits (1000 / 100 / 100). */
  async logBatch(
    runId: string,
    batch: {
      metrics?: MetricPoint[];
      params?: Record<string, string | number>;
      tags?: Record<string, string>;
    },
  ): Promise<void> {
    const now = Date.now();
    const metrics = (batch.metrics ?? []).map((m) => ({
      key: m.key,
      value: m.value,
      step: m.step ?? 0,
      timestamp: m.timestamp ?? now,
    }));
    const params = Object.entries(batch.params ?? {}).map(([key, value]) => ({ key, value: String(value) }));
    const tags = toKeyValues(batch.tags);
    for (
      let i = 0;
      i === 0 || i * 1000 < metrics.length || i * 100 < params.length || i * 100 < tags.length;
      i++
    ) {
      await this.call('POST', 'mlflow/runs/log-batch', {
        run_id: runId,
        metrics: metrics.slice(i * 1000, (i + 1) * 1000),
        params: params.slice(i * 100, (i + 1) * 100),
        tags: tags.slice(i * 100, (i + 1) * 100),
      });
    }
  }

  async endRun(runId: string, status: RunStatus = 'FINISHED'): Promise<RunInfo> {
    const { run_info } = await this.call('POST', 'mlflow/runs/update', {
      run_id: runId,
      status,
      end_time: Date.now(),
    });
    return RunInfo.parse(run_info);
  }

  /** Uploads one artifact file under the run's artifact root, through the tracking server's proxy. */
  async uploadArtifact(
    run: RunInfo,
    path: string,
    body: Uint8Array | string,
    contentType = 'application/octet-stream',
  ): Promise<void> {
    const res = await this.fetch('PUT', this.artifactProxyUrl(run, path), body, contentType);
    await this.check(res, `upload artifact ${path}`);
  }

  async downloadArtifact(run: RunInfo, path: string): Promise<Buffer> {
    const res = await this.fetch('GET', this.artifactProxyUrl(run, path));
    await this.check(res, `download artifact ${path}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    const query = `run_id=${encodeURIComponent(runId)}${path ? `&path=${encodeURIComponent(path)}` : ''}`;
    const { files } = await this.call('GET', `mlflow/artifacts/list?${query}`);
    return FileInfo.array().parse(files ?? []);
  }

  /**
   * Every file under `dir` of a run's artifacts (all levels), keyed by its path relative to `dir`
   * (`model/weights.bin` → `weights.bin`).
   */
  async downloadArtifactDir(run: RunInfo, dir: string): Promise<Record<string, Buffer>> {
    const root = dir.replace(/\/+$/, '');
    const files: Record<string, Buffer> = {};
    const walk = async (path: string): Promise<void> => {
      for (const entry of await this.listArtifacts(run.run_id, path)) {
        if (entry.is_dir) await walk(entry.path);
        else files[entry.path.slice(root.length + 1)] = await this.downloadArtifact(run, entry.path);
      }
    };
    await walk(root);
    return files;
  }

  async setRunTags(runId: string, tags: Record<string, string>): Promise<void> {
    await this.logBatch(runId, { tags });
  }

  // --- model registry (aliases and tags; stages are deprecated since MLflow 2.9) ---

  async getRegisteredModel(name: string): Promise<RegisteredModel | null> {
    try {
      const { registered_model } = await this.call(
        'GET',
        `mlflow/registered-models/get?name=${encodeURIComponent(name)}`,
      );
      return RegisteredModel.parse(registered_model);
    } catch (e) {
      if (e instanceof MlflowError && e.isNotFound) return null;
      throw e;
    }
  }

  /** Returns the registered model, creating it when missing (idempotent, safe when two callers race). */
  async ensureRegisteredModel(
    name: string,
    options: { description?: string; tags?: Record<string, string> } = {},
  ): Promise<RegisteredModel> {
    const existing = await this.getRegisteredModel(name);
    if (existing) return existing;
    try {
      const { registered_model } = await this.call('POST', 'mlflow/registered-models/create', {
        name,
        description: options.description,
        tags: toKeyValues(options.tags),
      });
      return RegisteredModel.parse(registered_model);
    } catch (e) {
      if (e instanceof MlflowError && e.errorCode === 'RESOURCE_ALREADY_EXISTS')
        return (await this.getRegisteredModel(name))!;
      throw e;
    }
  }

  /** Deletes a registered model and all its versions (the runs and their artifacts stay). */
  async deleteRegisteredModel(name: string): Promise<void> {
    await this.call('DELETE', 'mlflow/registered-models/delete', { name });
  }

  /**
   * Creates a version of `name` and waits until the registry reports it READY (it copies nothing for a
   * `mlflow-artifacts:` source, so this is usually immediate); FAILED_REGISTRATION or no READY within
   * `waitMs` is an error.
   */
  async createModelVersion(name: string, version: NewModelVersion, waitMs = 60_000): Promise<ModelVersion> {
    const { model_version } = await this.call('POST', 'mlflow/model-versions/create', {
      name,
      source: version.source,
      run_id: version.runId,
      description: version.description,
      tags: toKeyValues(version.tags),
    });
    let created = ModelVersion.parse(model_version);
    const deadline = Date.now() + waitMs;
    while (created.status === 'PENDING_REGISTRATION' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      created = await this.getModelVersion(name, created.version);
    }
    if (created.status !== undefined && created.status !== 'READY') {
      throw new MlflowError(
        'REGISTRATION_FAILED',
        0,
        `MLflow model ${name} version ${created.version} is ${created.status}: ${created.status_message ?? ''}`,
      );
    }
    return created;
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    const { model_version } = await this.call(
      'GET',
      `mlflow/model-versions/get?name=${encodeURIComponent(name)}&version=${encodeURIComponent(version)}`,
    );
    return ModelVersion.parse(model_version);
  }

  /** Versions of a registered model (optionally those of one run), newest first. */
  async searchModelVersions(
    name: string,
    options: { runId?: string; max?: number } = {},
  ): Promise<ModelVersion[]> {
    const quote = (v: string) => `'${v.replace(/'/g, "\\'")}'`;
    const filter = [`name=${quote(name)}`, options.runId ? `run_id=${quote(options.runId)}` : '']
      .filter(Boolean)
      .join(' and ');
    const { model_versions } = await this.call(
      'GET',
      `mlflow/model-versions/search?filter=${encodeURIComponent(filter)}&max_results=${options.max ?? 200}` +
        `&order_by=${encodeURIComponent('version_number DESC')}`,
    );
    return ModelVersion.array().parse(model_versions ?? []);
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call('POST', 'mlflow/model-versions/set-tag', { name, version, key, value });
  }

  /** Points `alias` at `version` (moving it when it named another version). */
  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.call('POST', 'mlflow/registered-models/alias', { name, alias, version });
  }

  /** The version `alias` points at; null when the alias (or the registered model) does not exist. */
  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion | null> {
    try {
      const { model_version } = await this.call(
        'GET',
        `mlflow/registered-models/alias?name=${encodeURIComponent(name)}&alias=${encodeURIComponent(alias)}`,
      );
      return ModelVersion.parse(model_version);
    } catch (e) {
      // an existing model without this alias answers INVALID_PARAMETER_VALUE "… alias x not found"
      if (e instanceof MlflowError && (e.isNotFound || /alias \S+ not found/i.test(e.message))) return null;
      throw e;
    }
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.call('DELETE', 'mlflow/registered-models/alias', { name, alias });
  }

  // `mlflow-artifacts:/<experiment>/<run>/artifacts` is served at /api/2.0/mlflow-artifacts/artifacts/<…>.
  private artifactProxyUrl(run: RunInfo, path: string): string {
    const match = /^mlflow-artifacts:\/(.*)$/.exec(run.artifact_uri);
    if (!match) {
      throw new MlflowError(
        'UNSUPPORTED_ARTIFACT_URI',
        0,
        `run ${run.run_id} stores artifacts at ${run.artifact_uri}, not behind the tracking server's proxy`,
      );
    }
    const root = match[1]!.replace(/^\/+/, '');
    const file = path.split('/').map(encodeURIComponent).join('/');
    return `${this.base}/api/2.0/mlflow-artifacts/artifacts/${root}/${file}`;
  }

  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    endpoint: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const res = await this.fetch(
      method,
      `${this.base}/api/2.0/${endpoint}`,
      body === undefined ? undefined : JSON.stringify(body),
      'application/json',
    );
    await this.check(res, endpoint);
    const text = await res.text();
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  private async fetch(
    method: string,
    url: string,
    body?: Uint8Array | string,
    contentType?: string,
  ): Promise<Response> {
    try {
      return await fetch(url, {
        method,
        body,
        headers: contentType && body !== undefined ? { 'Content-Type': contentType } : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new MlflowError(
        'UNAVAILABLE',
        0,
        `MLflow at ${this.base} did not answer ${method} ${url}: ${String(cause)}`,
        { cause },
      );
    }
  }

  private async check(res: Response, what: string): Promise<void> {
    if (res.ok) return;
    const text = await res.text();
    const parsed: z.ZodSafeParseResult<z.infer<typeof ErrorBody>> = ErrorBody.safeParse(safeJson(text));
    const code = parsed.success ? parsed.data.error_code : `HTTP_${res.status}`;
    const message = parsed.success ? parsed.data.message : text.slice(0, 300);
    throw new MlflowError(code, res.status, `MLflow ${what}: ${code}: ${message}`);
  }
}

const toKeyValues = (tags: Record<string, string> = {}) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
