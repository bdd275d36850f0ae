import {
  isUnavailable,
  type ChampionStatus,
  type DailyReport,
  type ForecastScores,
  type ServiceMetrics,
} from '../daily-report';

/** A chart as the Markdown links it: beside the file, by name. */
export interface ChartLink {
  title: string;
  file: string;
}

const cell = (value: unknown): string => String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: unknown[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');

const iso = (ts: number): string => new Date(ts).toISOString().replace('.000Z', 'Z');
const hhmm = (ts: number | null): string => (ts === null ? '—' : new Date(ts).toISOString().slice(11, 16));
const fixed = (x: number | null | undefined, digits: number): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
const price = (x: number): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ms = (seconds: number | null): string => (seconds === null ? '—' : `${(seconds * 1000).toFixed(1)} ms`);
const percent = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} %`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const unavailable = (what: string, reason: string): string => `_${what} unavailable: ${reason}._`;

function marketSection(report: DailyReport, charts: readonly ChartLink[]): string[] {
  const { prices } = report;
  const lines = ['## Market', ''];
  if (prices.length === 0) {
    lines.push(
      `_No closed candle of ${report.market.symbol} ${report.market.timeframe} is stored for the day._`,
    );
  } else {
    const first = prices[0]!;
    const last = prices.at(-1)!;
    const closes = prices.map((p) => p.close);
    const risks = prices.map((p) => p.risk_score);
    const mean = risks.reduce((a, b) => a + b, 0) / risks.length;
    lines.push(
      `${plural(prices.length, 'closed candle')} (${hhmm(first.ts)} → ${hhmm(last.ts)} UTC). ` +
        `Close ${price(first.close)} → ${price(last.close)} (${percent(last.close / first.close - 1)}), ` +
        `range ${price(Math.min(...closes))} – ${price(Math.max(...closes))}. ` +
        `vol24 at the last candle ${fixed(last.vol24, 4)}. ` +
        `Heuristic risk score: min ${fixed(Math.min(...risks), 4)}, mean ${fixed(mean, 4)}, max ${fixed(Math.max(...risks), 4)}.`,
    );
  }
  lines.push('');
  for (const chart of charts) lines.push(`![${chart.title}](${chart.file})`, '');
  const known = report.forecasts.filter((f) => f.predicted !== null && f.realised !== null);
  if (known.length) {
    const mae = known.reduce((sum, f) => sum + Math.abs(f.predicted! - f.realised!), 0) / known.length;
    const persistence = known.filter((f) => f.current !== null);
    const persistenceMae =
      persistence.reduce((sum, f) => sum + Math.abs(f.current! - f.realised!), 0) / (persistence.length || 1);
    lines.push(
      `Forecasts whose outcome is known: ${known.length}; mean absolute error ${fixed(mae, 5)} ` +
        `(vol24 at the candle as the forecast: ${persistence.length ? fixed(persistenceMae, 5) : '—'}), ` +
        `realised = std of the next ${report.forecast_horizon} returns.`,
      '',
    );
  } else {
    const forecasts = report.forecasts.filter((f) => f.predicted !== null).length;
    lines.push(
      forecasts
        ? `${plural(forecasts, 'forecast')} stored; none has its outcome (the next ${report.forecast_horizon} returns) known yet.`
        : '_No ML forecast is stored for the candles of the day._',
      '',
    );
  }
  return lines;
}

function serviceSection(service: DailyReport['service']): string[] {
  const lines = ['## Service metrics (gateway)', ''];
  if (isUnavailable(service)) return [...lines, unavailable('Service metrics', service.reason), ''];
  const m: ServiceMetrics = service;
  lines.push(
    m.source === 'prometheus'
      ? `From Prometheus (${m.url}), ${iso(m.window.from)} → ${iso(m.window.to)}.`
      : `From the gateway's own counters (${m.url}), since it started at ${iso(m.window.from)} ` +
          `(Prometheus had none for the day).`,
    '',
    table(
      ['requests', '5xx errors', '4xx answers', 'p50', 'p95', 'p99'],
      [
        [
          Math.round(m.requests),
          Math.round(m.server_errors),
          Math.round(m.client_errors),
          ms(m.p50_s),
          ms(m.p95_s),
          ms(m.p99_s),
        ],
      ],
    ),
    '',
  );
  if (m.routes.length)
    lines.push(
      table(
        ['route', 'requests', '5xx errors', 'p95'],
        m.routes.map((r) => [
          `\`${r.route}\``,
          Math.round(r.requests),
          Math.round(r.server_errors),
          ms(r.p95_s),
        ]),
      ),
      '',
    );
  return lines;
}

function signalsSection(report: DailyReport): string[] {
  const lines = ['## Latest signals and predictions', ''];
  const { signals, predictions } = report;
  if (isUnavailable(signals)) lines.push(unavailable('Signals', signals.reason), '');
  else {
    lines.push(`Heuristic signals served for the day: ${signals.count}.`, '');
    if (signals.latest.length)
      lines.push(
        table(
          ['served at', 'candle', 'risk score', 'vol', 'regime', 'method'],
          signals.latest.map((s) => [
            iso(s.created_at),
            hhmm(s.candle_ts),
            fixed(s.risk_score, 4),
            fixed(s.vol, 4),
            s.vol_regime,
            s.method,
          ]),
        ),
        '',
      );
  }
  if (isUnavailable(predictions)) lines.push(unavailable('ML predictions', predictions.reason), '');
  else {
    lines.push(`ML predictions served for the day: ${predictions.count}.`, '');
    if (predictions.latest.length)
      lines.push(
        table(
          ['served at', 'candle', 'model', 'forecast', 'vol24', 'regime', 'risk', 'confidence'],
          predictions.latest.map((p) => [
            iso(p.created_at),
            hhmm(p.candle_ts),
            `v${p.model_version}`,
            fixed(p.prediction, 5),
            fixed(p.current_volatility, 5),
            p.volatility_regime,
            p.risk_level,
            fixed(p.confidence, 2),
          ]),
        ),
        '',
      );
  }
  return lines;
}

function alertsSection(alerts: DailyReport['alerts']): string[] {
  const lines = ['## Alerts', ''];
  if (isUnavailable(alerts)) return [...lines, unavailable('Alerts', alerts.reason), ''];
  if (alerts.length === 0) return [...lines, '_No alert for the candles of the day._', ''];
  const bySeverity = ['high', 'warning', 'info']
    .map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return [
    ...lines,
    `${plural(alerts.length, 'alert')} (${bySeverity.join(', ')}).`,
    '',
    table(
      ['candle', 'type', 'severity', 'value', 'threshold', 'message'],
      alerts.map((a) => [
        hhmm(a.ts),
        a.type,
        a.severity,
        fixed(a.value, 4),
        fixed(a.threshold, 4),
        a.message,
      ]),
    ),
    '',
  ];
}

const SCORE_KEYS: (keyof ForecastScores)[] = ['rmse', 'mae', 'qlike', 'r2'];

function championLines(champion: ChampionStatus): string[] {
  const lines = [
    `Champion: **${champion.model_name} v${champion.version}**` +
      (champion.run_id ? ` (MLflow run \`${champion.run_id}\`)` : '') +
      (champion.registered_at ? `, registered ${iso(champion.registered_at)}` : '') +
      '.',
    '',
  ];
  if (!champion.metrics) return [...lines, '_Its run recorded no evaluation._', ''];
  const b = champion.baselines;
  const window = champion.test_window
    ? ` (test window ${iso(champion.test_window.from_ts)} → ${iso(champion.test_window.to_ts)}, ${champion.test_window.n} forecasts)`
    : '';
  return [
    ...lines,
    `Scores on its test window${window}; lower is better except r2:`,
    '',
    table(
      ['metric', 'champion', 'persistence', 'EWMA', 'HAR-RV'],
      SCORE_KEYS.map((k) => [
        k,
        fixed(champion.metrics![k], 6),
        fixed(b?.persistence[k], 6),
        fixed(b?.ewma[k], 6),
        fixed(b?.har[k], 6),
      ]),
    ),
    '',
  ];
}

/** The champion's rolling live QLIKE next to the baselines' at the same origins, per market and window. */
function liveLines(live: DailyReport['live_monitoring']): string[] {
  const lines = ['### Live forecast monitoring', ''];
  if (isUnavailable(live)) return [...lines, unavailable('Live monitoring', live.reason), ''];
  if (live.length === 0)
    return [...lines, '_No live scores yet: the gateway scores the champion every MONITOR_INTERVAL_S._', ''];
  return [
    ...lines,
    'QLIKE on origins after its training whose realised volatility is known (lower is better):',
    '',
    table(
      ['market', 'window', 'origins', 'champion', 'HAR-RV', 'EWMA', 'persistence', 'vs HAR-RV'],
      live.map((w) => [
        `${w.symbol} ${w.timeframe}`,
        `${w.window_days} d`,
        w.origins,
        fixed(w.model.qlike, 4),
        fixed(w.har.qlike, 4),
        fixed(w.ewma.qlike, 4),
        fixed(w.persistence.qlike, 4),
        percent(w.model.qlike / w.har.qlike - 1),
      ]),
    ),
    '',
  ];
}

function modelSection(report: DailyReport): string[] {
  const lines = ['## Model', ''];
  const { champion, training_runs: runs } = report;
  if (isUnavailable(champion)) lines.push(unavailable('Model registry', champion.reason), '');
  else if (champion.status === 'none')
    lines.push(`_No version of ${champion.model_name} is the champion yet._`, '');
  else lines.push(...championLines(champion), ...liveLines(report.live_monitoring));
  lines.push('### Training runs', '');
  if (isUnavailable(runs)) return [...lines, unavailable('Training runs', runs.reason), ''];
  if (runs.length === 0) return [...lines, '_No training run is recorded._', ''];
  return [
    ...lines,
    table(
      ['started', 'job', 'status', 'decision', 'version', 'qlike', 'reason'],
      runs.map((r) => [
        iso(r.started_at.getTime()),
        `\`${r.job_id}\``,
        r.status,
        r.decision ?? '—',
        r.model_version ? `v${r.model_version}` : '—',
        fixed(r.metrics?.['qlike'] as number | undefined, 6),
        r.reason ?? '—',
      ]),
    ),
    '',
  ];
}

function qualitySection(quality: DailyReport['quality']): string[] {
  const lines = ['## Data quality', ''];
  if (isUnavailable(quality)) return [...lines, unavailable('Quality reports', quality.reason), ''];
  if (quality.status === 'none') return [...lines, '_No quality report is stored for the market yet._', ''];
  const { report: q } = quality;
  const c = q.checks;
  return [
    ...lines,
    `Latest report \`s3://${quality.bucket}/${quality.key}\`, generated ${q.generated_at}: ` +
      `**${q.pass ? 'PASS' : 'FAIL'}** on ${q.candles} candles` +
      (q.range ? ` (${q.range.from} → ${q.range.to})` : '') +
      '.',
    '',
    table(
      [
        'gaps (missing candles)',
        'duplicates',
        'OHLC inconsistent',
        'non-positive prices',
        'negative volume',
        'outlier returns',
      ],
      [
        [
          `${c.gaps.count} (${c.gaps.missing})`,
          c.duplicates.count,
          c.ohlc_consistency.count,
          c.non_positive_prices.count,
          c.negative_volume.count,
          c.outlier_returns.count,
        ],
      ],
    ),
    '',
  ];
}

/** The daily report as Markdown (SPEC §8 `report`): one section per figure, charts linked by file name. */
export function renderDailyReportMarkdown(report: DailyReport, charts: readonly ChartLink[]): string {
  const { market, day } = report;
  return [
    `# Daily report: ${market.symbol} ${market.timeframe} on ${market.exchange}, ${day.date}`,
    '',
    `The UTC day ${iso(day.from)} → ${iso(day.to)}; generated ${report.generated_at}.`,
    '',
    ...marketSection(report, charts),
    ...serviceSection(report.service),
    ...signalsSection(report),
    ...alertsSection(report.alerts),
    ...modelSection(report),
    ...qualitySection(report.quality),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
