import { apiKeyInput, el, getJson, link, num, section, table, time } from '../api';

interface Metrics {
  rmse: number;
  mae: number;
  qlike: number;
  r2: number;
}
type Baselines = Record<'persistence' | 'ewma' | 'har', Metrics>;
interface ModelInfo {
  model_loaded: boolean;
  model_name: string | null;
  model_version: string | null;
  run_id: string | null;
  loaded_at: string | null;
  trained_at: string | null;
  metrics: Metrics | null;
  baselines: Baselines | null;
  backend: string | null;
}
interface TrainingRun {
  job_id: string;
  mlflow_run_id: string | null;
  status: string;
  metrics: (Metrics & { window?: unknown }) | null;
  baselines: Baselines | null;
  decision: string | null;
  reason: string | null;
  model_version: string | null;
  started_at: string;
  finished_at: string | null;
}
interface Outcome {
  message: string;
}
interface LiveWindow {
  model_version: string;
  symbol: string;
  timeframe: string;
  window_days: number;
  origins: number;
  to_ts: number;
  model: Metrics;
  har: Metrics;
  ewma: Metrics;
  persistence: Metrics;
}
interface Monitoring {
  served_version: string | null;
  degraded_margin: number;
  degraded: boolean;
  windows: LiveWindow[];
}

const BASELINES = ['har', 'ewma', 'persistence'] as const;

/** `/dashboard/models`: the champion, every registered version with its test-window scores, the decisions. */
export function renderModels(root: HTMLElement): void {
  const champion = el('div');
  champion.id = 'champion';
  const versions = el('div');
  versions.id = 'versions';
  const decisions = el('div');
  decisions.id = 'decisions';
  const outcome = el('p');
  outcome.id = 'model-action';
  const live = el('div');
  live.id = 'live-monitoring';
  root.append(
    section('Champion', champion),
    section('Live forecast monitoring (QLIKE since training: lower is better)', live),
    section('Operations (admin)', actionsForm(outcome), outcome),
    section('Registered versions (test window, QLIKE: lower is better)', versions),
    section('Promotion decisions', decisions),
  );

  let mlflow: string | undefined;
  const refresh = async () => {
    try {
      const [info, runs, monitoring] = await Promise.all([
        getJson<ModelInfo>('/v1/ml/model/info'),
        getJson<TrainingRun[]>('/v1/ml/runs?n=50'),
        getJson<Monitoring>('/v1/ml/monitoring'),
      ]);
      mlflow ??= await mlflowUrl();
      renderChampion(champion, info);
      renderLive(live, monitoring);
      renderVersions(versions, runs, info, mlflow);
      decisions.replaceChildren(
        table(
          ['run', 'started', 'status', 'version', 'decision', 'reason'],
          runs.map((r) => [
            r.mlflow_run_id && mlflow ? link(r.job_id, `${mlflow}/#/runs/${r.mlflow_run_id}`) : r.job_id,
            time(Date.parse(r.started_at)),
            r.status,
            r.model_version,
            r.decision,
            r.reason,
          ]),
        ),
      );
    } catch (error) {
      champion.replaceChildren(el('p', (error as Error).message, 'error'));
    }
  };
  void refresh();
  setInterval(() => void refresh(), 5_000);

  /** reload / rollback / train, each with the admin key; the answer (or the refusal) is shown as it came */
  function actionsForm(out: HTMLElement): HTMLFormElement {
    const form = el('form');
    const key = apiKeyInput();
    const version = el('input');
    version.name = 'version';
    version.placeholder = 'version (rollback; default: previous)';
    const reason = el('input');
    reason.name = 'reason';
    reason.placeholder = 'reason';
    const button = (label: string, run: () => Promise<Outcome>) => {
      const b = el('button', label);
      b.type = 'button';
      b.name = label;
      b.addEventListener('click', () => {
        out.className = '';
        out.textContent = `${label}…`;
        run().then(
          (answer) => ((out.textContent = answer.message), void refresh()),
          (error: Error) => ((out.textContent = error.message), (out.className = 'error')),
        );
      });
      return b;
    };
    const post = (path: string, body: object) =>
      getJson<Outcome>(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key.value },
        body: JSON.stringify(body),
      });
    form.append(
      key,
      button('reload', () => post('/v1/ml/model/reload', {})),
      version,
      reason,
      button('rollback', () =>
        post('/v1/ml/model/rollback', {
          ...(version.value ? { version: version.value } : {}),
          ...(reason.value ? { reason: reason.value } : {}),
        }),
      ),
      button('train BTC/USDT 1h', async () => {
        const { job_id } = await getJson<{ job_id: string }>('/v1/ml/train', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key.value },
          body: JSON.stringify({ symbol: 'BTC/USDT', timeframe: '1h' }),
        });
        return { message: `queued ${job_id}: follow it on the training page` };
      }),
    );
    return form;
  }
}

/** The MLflow UI, from the platform's consoles (the address a browser reaches it at). */
async function mlflowUrl(): Promise<string | undefined> {
  const platform = await getJson<{ links: { name: string; url: string }[] }>('/v1/platform/services');
  return platform.links.find((l) => l.name === 'MLflow UI')?.url.replace(/\/$/, '');
}

function renderChampion(box: HTMLElement, info: ModelInfo) {
  if (!info.model_loaded || !info.metrics) {
    box.replaceChildren(el('p', 'no champion loaded: none promoted yet, or loading it failed'));
    return;
  }
  const scores = (m: Metrics) => [num(m.qlike), num(m.rmse), num(m.mae), num(m.r2, 3)];
  box.replaceChildren(
    el(
      'p',
      `${info.model_name} version ${info.model_version} (run ${info.run_id}), trained ${info.trained_at?.slice(0, 16) ?? '—'}, loaded ${info.loaded_at?.slice(0, 16) ?? '—'}, ${info.backend} backend`,
    ),
    table(
      ['forecast', 'QLIKE', 'RMSE', 'MAE', 'R²'],
      [
        ['BiLSTM (champion)', ...scores(info.metrics)],
        ...BASELINES.flatMap((b) =>
          info.baselines ? [[b === 'har' ? 'HAR-RV' : b, ...scores(info.baselines[b])]] : [],
        ),
      ],
    ),
  );
}

function renderLive(box: HTMLElement, monitoring: Monitoring) {
  if (monitoring.windows.length === 0) {
    box.replaceChildren(
      el('p', 'no live scores yet: the gateway scores the champion every MONITOR_INTERVAL_S'),
    );
    return;
  }
  const verdict = monitoring.degraded
    ? el(
        'span',
        `degraded: worse than HAR-RV by more than ${monitoring.degraded_margin * 100} %`,
        'tile down',
      )
    : el('span', 'not degraded', 'tile up');
  box.replaceChildren(
    el('p', `version ${monitoring.served_version ?? '—'} served: `),
    verdict,
    table(
      ['version', 'market', 'window', 'origins', 'to', 'model', 'HAR-RV', 'EWMA', 'persistence'],
      monitoring.windows.map((w) => [
        w.model_version === monitoring.served_version ? `${w.model_version} (served)` : w.model_version,
        `${w.symbol} ${w.timeframe}`,
        `${w.window_days} d`,
        w.origins,
        time(w.to_ts),
        num(w.model.qlike),
        num(w.har.qlike),
        num(w.ewma.qlike),
        num(w.persistence.qlike),
      ]),
    ),
  );
}

function renderVersions(box: HTMLElement, runs: TrainingRun[], info: ModelInfo, mlflow: string | undefined) {
  const registered = runs.filter((r) => r.model_version !== null && r.metrics);
  if (registered.length === 0) {
    box.replaceChildren(el('p', 'no registered version yet'));
    return;
  }
  box.replaceChildren(
    table(
      ['version', 'role', 'model', 'HAR-RV', 'EWMA', 'persistence', 'RMSE', 'trained', 'MLflow'],
      registered.map((r) => {
        const role =
          r.model_version === info.model_version ? 'champion (served)' : (r.decision ?? 'challenger');
        const name = info.model_name;
        return [
          r.model_version,
          el('span', role, role.startsWith('champion') ? 'tile up' : 'tile'),
          num(r.metrics!.qlike),
          ...BASELINES.map((b) => num(r.baselines?.[b]?.qlike)),
          num(r.metrics!.rmse),
          r.finished_at ? time(Date.parse(r.finished_at)) : null,
          mlflow && name
            ? link('version', `${mlflow}/#/models/${encodeURIComponent(name)}/versions/${r.model_version}`)
            : null,
        ];
      }),
    ),
  );
}
