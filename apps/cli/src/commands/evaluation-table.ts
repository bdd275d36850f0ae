import type { EvaluationReport, ForecastMetrics } from '@crypto/model';

const cell = (x: number) => (Number.isFinite(x) ? x.toExponential(4) : 'n/a').padStart(12);
const row = (name: string, m: ForecastMetrics) =>
  `${name.padEnd(12)}${cell(m.rmse)}${cell(m.mae)}${cell(m.qlike)}${Number.isFinite(m.r2) ? m.r2.toFixed(4).padStart(12) : 'n/a'.padStart(12)}`;

/** The model and the baselines on one test window, one row each (natural scale; lower QLIKE is better). */
export function formatEvaluationTable(
  report: Pick<EvaluationReport, 'model' | 'baselines'>,
  modelName = 'bilstm',
): string {
  return [
    `${'forecast'.padEnd(12)}${'rmse'.padStart(12)}${'mae'.padStart(12)}${'qlike'.padStart(12)}${'r2'.padStart(12)}`,
    row(modelName, report.model),
    row('persistence', report.baselines.persistence),
    row('ewma', report.baselines.ewma),
    row('har', report.baselines.har),
    '',
  ].join('\n');
}

export const isoDay = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
