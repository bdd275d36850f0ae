import { el, getJson, link, num, section, table, time } from '../api';

interface TrainingRun {
  job_id: string;
  mlflow_run_id: string | null;
  status: string;
  step: string | null;
  metrics: { qlike: number } | null;
  decision: string | null;
  reason: string | null;
  model_version: string | null;
  started_at: string;
  finished_at: string | null;
}
interface JobStatus {
  job_id: string;
  state: string;
  step: string | null;
  progress: number;
  message: string | null;
  steps: { name: string; state: string; progress: number; attempts: number; failed_reason: string | null }[];
}

const ACTIVE = new Set(['queued', 'running']);
const seconds = (r: TrainingRun) =>
  r.finished_at ? `${Math.round((Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000)} s` : null;

/** `/dashboard/training`: the training runs, and the flow steps of the ones running, with their progress. */
export function renderTraining(root: HTMLElement): void {
  const active = el('div');
  active.id = 'active-runs';
  const runs = el('div');
  runs.id = 'runs';
  root.append(
    section('Running now', active),
    section('Runs', runs, el('p', undefined), link('Bull Board: the training queue', '/admin/queues')),
  );

  const refresh = async () => {
    try {
      const list = await getJson<TrainingRun[]>('/v1/ml/runs?n=30');
      runs.replaceChildren(
        table(
          ['job', 'started', 'took', 'status', 'step', 'QLIKE', 'version', 'decision', 'reason'],
          list.map((r) => [
            r.job_id,
            time(Date.parse(r.started_at)),
            seconds(r),
            el(
              'span',
              r.status,
              `tile ${r.status === 'failed' ? 'down' : r.status === 'completed' ? 'up' : 'degraded'}`,
            ),
            r.step,
            num(r.metrics?.qlike),
            r.model_version,
            r.decision,
            r.reason,
          ]),
        ),
      );
      const jobs = await Promise.all(
        list
          .filter((r) => ACTIVE.has(r.status))
          .map((r) => getJson<JobStatus>(`/v1/ml/train/${encodeURIComponent(r.job_id)}`)),
      );
      active.replaceChildren(
        ...(jobs.length === 0
          ? [el('p', 'no training running')]
          : jobs.map((job) =>
              section(
                `${job.job_id}: ${job.state}, ${job.step ?? 'waiting'} ${Math.round(job.progress)} %`,
                table(
                  ['step', 'state', 'progress', 'attempts', 'failure'],
                  job.steps.map((s) => {
                    const bar = el('progress');
                    bar.max = 100;
                    bar.value = s.progress;
                    return [s.name, s.state, bar, s.attempts, s.failed_reason];
                  }),
                ),
              ),
            )),
      );
    } catch (error) {
      runs.replaceChildren(el('p', (error as Error).message, 'error'));
    }
  };
  void refresh();
  setInterval(() => void refresh(), 2_000);
}
