import type { HttpRequestStats } from '../daily-report';

/** One series of the gateway's `http_request_duration_seconds` histogram: a route and status. */
export interface HttpHistogramSeries {
  route: string;
  status: string;
  /** cumulative counts by upper bound, ascending; the last bound is +Inf (the series' count) */
  buckets: { le: number; count: number }[];
}

export const HTTP_HISTOGRAM = 'http_request_duration_seconds';

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const unescape = (value: string): string => value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** The samples of Prometheus text exposition format (0.0.4) named `name`, with their labels. */
export function parsePrometheusSamples(
  text: string,
  name: string,
): { labels: Record<string, string>; value: number }[] {
  const samples: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = unescape(value!);
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}

/** Groups `<histogram>_bucket` samples (from the text format or a Prometheus query) into series by route and status. */
export function histogramSeries(
  buckets: readonly { labels: Record<string, string>; value: number }[],
): HttpHistogramSeries[] {
  const series = new Map<string, HttpHistogramSeries>();
  for (const { labels, value } of buckets) {
    const route = labels['route'] ?? '';
    const status = labels['status'] ?? '';
    const key = `${route} ${status}`;
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { route, status, buckets: [] }));
    entry.buckets.push({ le: labels['le'] === '+Inf' ? Infinity : Number(labels['le']), count: value });
  }
  for (const entry of series.values()) entry.buckets.sort((a, b) => a.le - b.le);
  return [...series.values()];
}

/**
 * The q-quantile of cumulative buckets, interpolated linearly inside the bucket it falls in, as
 * Prometheus' `histogram_quantile` does (the +Inf bucket answers the highest finite bound); null when empty.
 */
export function histogramQuantile(
  q: number,
  buckets: readonly { le: number; count: number }[],
): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      return count === lowerCount
        ? le
        : lowerBound + ((le - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}

/** Sums series bucket by bucket (they share the gateway's bucket bounds). */
function mergeBuckets(series: readonly HttpHistogramSeries[]): { le: number; count: number }[] {
  const byBound = new Map<number, number>();
  for (const s of series) for (const b of s.buckets) byBound.set(b.le, (byBound.get(b.le) ?? 0) + b.count);
  return [...byBound.entries()].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
}

const countOf = (s: HttpHistogramSeries): number => s.buckets.at(-1)?.count ?? 0;

/** Requests, errors and latency quantiles over every route, and the `topRoutes` busiest routes. */
export function summarizeHttpRequests(
  series: readonly HttpHistogramSeries[],
  topRoutes = 5,
): HttpRequestStats {
  const stats = (of: readonly HttpHistogramSeries[]) => {
    const merged = mergeBuckets(of);
    return {
      requests: of.reduce((n, s) => n + countOf(s), 0),
      server_errors: of.filter((s) => s.status.startsWith('5')).reduce((n, s) => n + countOf(s), 0),
      client_errors: of.filter((s) => s.status.startsWith('4')).reduce((n, s) => n + countOf(s), 0),
      merged,
    };
  };
  const all = stats(series);
  const routes = [...new Set(series.map((s) => s.route))].map((route) => {
    const of = stats(series.filter((s) => s.route === route));
    return {
      route,
      requests: of.requests,
      server_errors: of.server_errors,
      p95_s: histogramQuantile(0.95, of.merged),
    };
  });
  return {
    requests: all.requests,
    server_errors: all.server_errors,
    client_errors: all.client_errors,
    p50_s: histogramQuantile(0.5, all.merged),
    p95_s: histogramQuantile(0.95, all.merged),
    p99_s: histogramQuantile(0.99, all.merged),
    routes: routes
      .filter((r) => r.requests > 0)
      .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route))
      .slice(0, topRoutes),
  };
}
