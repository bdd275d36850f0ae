import {
  CandlestickSeries,
  createChart,
  LineSeries,
  type IChartApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { el, getJson, section, table, time } from '../api';
import { subscribe } from '../live';

interface Candle {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
}
interface SeriesPoint {
  ts: number;
  vol24: number | null;
  risk_score: number;
  ml_forecast: number | null;
  realised_vol: number | null;
}
interface StoredSignal {
  timestamp: string;
  risk_score: number;
  vol_regime: string;
  nowcast_ret: number;
}
interface LivePrediction {
  timestamp: number;
  timeframe: string | null;
  riskScore: number | null;
  volRegime: string | null;
  prediction: number | null;
  modelVersion: string | null;
}
interface LiveAlert {
  type: string;
  symbol: string;
  severity: string;
  message: string;
  timestamp: number;
}
interface Dependency {
  status: string;
  error?: string;
}

const seconds = (ms: number) => (ms / 1000) as UTCTimestamp;
const MAX_ROWS = 12;

/**
 * `/dashboard`: one market's candles with the risk score and the ML forecast against realised volatility
 * (`/v1/crypto/series`), its signals and predictions, live alerts, the services.
 */
export function renderMarket(root: HTMLElement): void {
  const params = new URLSearchParams(location.search);
  const symbol = params.get('symbol') ?? 'BTCUSDT';
  const timeframe = params.get('timeframe') ?? '1h';

  const form = el('form');
  form.method = 'get';
  const symbolInput = el('input');
  symbolInput.name = 'symbol';
  symbolInput.value = symbol;
  const timeframeSelect = el('select');
  timeframeSelect.name = 'timeframe';
  for (const tf of ['1h', '4h', '1d']) {
    const option = el('option', tf);
    option.selected = tf === timeframe;
    timeframeSelect.append(option);
  }
  form.append(
    el('label', 'symbol'),
    symbolInput,
    el('label', 'timeframe'),
    timeframeSelect,
    el('button', 'show'),
  );
  const price = el('span', '…', 'tile');
  price.id = 'live-price';
  const chartBox = el('div');
  chartBox.id = 'chart';
  const chartStatus = el('p', 'loading…');
  chartStatus.id = 'chart-status';
  root.append(section('Market', form, price, chartBox, chartStatus));

  const signals = el('div');
  const predictions = el('div');
  predictions.id = 'live-predictions';
  const model = el('p');
  model.id = 'model';
  const grid = el('div', undefined, 'grid');
  root.append(grid);
  grid.append(section('Latest stored signals', signals), section('Live predictions', model, predictions));

  const alerts = el('ul');
  alerts.id = 'live-alerts';
  const services = el('div', undefined, 'tiles');
  services.id = 'services';
  grid.append(section('Live alerts', alerts), section('Services', services));

  const chart = createChart(chartBox, { autoSize: true, timeScale: { timeVisible: true } });
  void loadChart(chart, symbol, timeframe, chartStatus);
  void loadSignals(signals, symbol);
  void loadModel(model);
  void loadServices(services);

  const liveRows: LivePrediction[] = [];
  const wanted = JSON.stringify([symbol]);
  subscribe<{ price: number; timestamp: number }>(
    `subscription { priceUpdates(symbols: ${wanted}) { price timestamp } }`,
    'priceUpdates',
    (tick) => (price.textContent = `${symbol} ${tick.price} at ${time(tick.timestamp)}`),
  );
  subscribe<LivePrediction>(
    `subscription { predictionUpdates(symbols: ${wanted}) { timestamp timeframe riskScore volRegime prediction modelVersion } }`,
    'predictionUpdates',
    (p) => {
      liveRows.unshift(p);
      liveRows.length = Math.min(liveRows.length, MAX_ROWS);
      predictions.replaceChildren(
        table(
          ['candle', 'tf', 'risk', 'regime', 'ML forecast', 'model'],
          liveRows.map((r) => [
            time(r.timestamp),
            r.timeframe,
            r.riskScore,
            r.volRegime,
            r.prediction,
            r.modelVersion,
          ]),
        ),
      );
    },
  );
  subscribe<LiveAlert>(
    'subscription { alerts { type symbol severity message timestamp } }',
    'alerts',
    (alert) => {
      const item = el('li', `${time(alert.timestamp)} [${alert.severity}] ${alert.message}`);
      alerts.prepend(item);
      while (alerts.children.length > MAX_ROWS) alerts.lastElementChild!.remove();
    },
  );
  setInterval(() => void loadServices(services), 10_000);
}

async function loadChart(chart: IChartApi, symbol: string, timeframe: string, status: HTMLElement) {
  try {
    const query = `symbol=${encodeURIComponent(symbol)}&timeframe=${encodeURIComponent(timeframe)}`;
    const [ohlcv, series] = await Promise.all([
      getJson<{ data: Candle[] }>(`/v1/crypto/ohlcv?${query}&limit=200`),
      getJson<{ horizon: number; points: SeriesPoint[] }>(`/v1/crypto/series?${query}&limit=200`),
    ]);
    chart.addSeries(CandlestickSeries).setData(
      ohlcv.data.map((c) => ({
        time: seconds(c.ts),
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
      })),
    );
    // pane 1: the heuristic risk score of each candle; pane 2: the volatility lines
    line(chart, 1, 'risk score', '#c23030', 2, series.points, (p) => p.risk_score);
    line(chart, 2, 'vol24', '#d9822b', 4, series.points, (p) => p.vol24);
    line(chart, 2, 'ML forecast', '#2b6cd9', 4, series.points, (p) => p.ml_forecast);
    line(chart, 2, `realised (next ${series.horizon})`, '#2f9e44', 4, series.points, (p) => p.realised_vol);
    chart.timeScale().fitContent();
    const last = ohlcv.data.at(-1);
    const forecasts = series.points.filter((p) => p.ml_forecast !== null).length;
    status.textContent = last
      ? `${ohlcv.data.length} closed candles, ${forecasts} with an ML forecast, last close ${last.close} ` +
        `at ${time(last.ts)}, risk score ${series.points.at(-1)?.risk_score ?? '–'}`
      : '';
  } catch (error) {
    status.textContent = (error as Error).message;
    status.className = 'error';
  }
}

/** One line of `points` in its own pane, skipping the candles where `value` is null. */
function line(
  chart: IChartApi,
  pane: number,
  title: string,
  color: string,
  precision: number,
  points: readonly SeriesPoint[],
  value: (p: SeriesPoint) => number | null,
): void {
  chart
    .addSeries(
      LineSeries,
      {
        color,
        lineWidth: 1,
        title,
        priceFormat: { type: 'price', precision, minMove: 10 ** -precision },
      },
      pane,
    )
    .setData(
      points.flatMap((p) => {
        const v = value(p);
        return v === null ? [] : [{ time: seconds(p.ts), value: v }];
      }),
    );
}

async function loadSignals(box: HTMLElement, symbol: string) {
  try {
    const rows = await getJson<StoredSignal[]>(
      `/v1/crypto/signals/tail?n=${MAX_ROWS}&symbol=${encodeURIComponent(symbol)}`,
    );
    box.replaceChildren(
      rows.length === 0
        ? el('p', 'none stored yet (POST /v1/crypto/signal stores one)')
        : table(
            ['at', 'risk', 'regime', 'nowcast ret'],
            rows
              .reverse()
              .map((s) => [
                s.timestamp.slice(0, 16).replace('T', ' '),
                s.risk_score,
                s.vol_regime,
                s.nowcast_ret,
              ]),
          ),
    );
  } catch (error) {
    box.replaceChildren(el('p', (error as Error).message, 'error'));
  }
}

async function loadModel(box: HTMLElement) {
  try {
    const info = await getJson<{
      model_loaded: boolean;
      model_name: string | null;
      model_version: string | null;
    }>('/v1/ml/model/info');
    box.textContent = info.model_loaded
      ? `champion: ${info.model_name} v${info.model_version}`
      : 'no champion loaded: predictions are heuristic only';
  } catch (error) {
    box.textContent = (error as Error).message;
    box.className = 'error';
  }
}

async function loadServices(box: HTMLElement) {
  // /health/detailed answers 503 while something is down, with the same body
  const res = await fetch('/health/detailed');
  const body = (await res.json()) as { dependencies: Record<string, Dependency> };
  box.replaceChildren(
    ...Object.entries(body.dependencies).map(([name, d]) => {
      const tile = el('span', `${name}: ${d.status}`, `tile ${d.status}`);
      if (d.error) tile.title = d.error;
      return tile;
    }),
  );
}
