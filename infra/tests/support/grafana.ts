/** The parts of a Grafana dashboard JSON these checks read. */
export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[];
  panels?: DashboardPanel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: DashboardPanel[];
}

/** Panels, rows' nested panels included. */
export const allPanels = (dashboard: Dashboard): DashboardPanel[] =>
  dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);

/**
 * Metric names a PromQL expression reads: identifiers not called as functions, once label matchers,
 * range selectors, label-list clauses (`by`, `without`, `on`, `ignoring`, `group_*`) and strings are removed. A histogram's `_bucket`,
 * `_sum` and `_count` series count as the histogram.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter((match) => match[2] === undefined)
    .map((match) => match[1].replace(/_(bucket|sum|count)$/, ''));
  return [...new Set(names)];
}

/** The metric names listed in the first column of the README's metrics table. */
export const readmeMetrics = (readme: string): string[] =>
  [...readme.matchAll(/^\| `([a-zA-Z_:][a-zA-Z0-9_:]*)` +\|/gm)].map((match) => match[1]);
