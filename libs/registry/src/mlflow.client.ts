import type { z } from 'zod';
import { MlflowError } from './mlflow.error';
import { ErrorBody, Experiment, FileInfo, Run, RunInfo, type RunStatus } from './mlflow.schemas';

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
      tags: Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value })),
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
    const tags = Object.entries(batch.tags ?? {}).map(([key, value]) => ({ key, value }));
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
    method: 'GET' | 'POST',
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
