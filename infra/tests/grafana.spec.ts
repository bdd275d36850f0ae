import { allPanels, metricNames, readmeMetrics, type Dashboard } from './support/grafana';
import { loadCompose } from './support/platform';
import { existsInRepo, readRepoFile, readRepoYaml } from './support/repo';

const GRAFANA = 'infra/grafana';
const compose = loadCompose();
const grafana = compose.services['grafana'];
const dashboard = JSON.parse(readRepoFile(`${GRAFANA}/dashboards/crypto-platform.json`)) as Dashboard;
const datasources = readRepoYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
  `${GRAFANA}/provisioning/datasources/prometheus.yml`,
).datasources;
const providers = readRepoYaml<{ providers: { type: string; options: { path: string } }[] }>(
  `${GRAFANA}/provisioning/dashboards/crypto-platform.yml`,
).providers;
/** container path → repository path, for the grafana service's bind mounts */
const mounts = new Map(
  (grafana?.volumes ?? [])
    .filter((spec) => spec.startsWith('./'))
    .map((spec) => spec.split(':'))
    .map(([source, target]) => [target, source.slice(2)]),
);

describe('Grafana provisioning', () => {
  it('should mount the provisioning folder where Grafana reads it', () => {
    expect(mounts.get('/etc/grafana/provisioning')).toBe(`${GRAFANA}/provisioning`);
  });

  it('should load dashboards from the folder the dashboards are mounted at', () => {
    expect(providers.map((p) => mounts.get(p.options.path))).toEqual([`${GRAFANA}/dashboards`]);
  });

  it('should open the shipped dashboard as the home page', () => {
    const home = String(grafana?.environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH']);
    const folder = [...mounts.keys()].find((target) => home.startsWith(`${target}/`)) ?? '';

    expect(existsInRepo(`${mounts.get(folder)}${home.slice(folder.length)}`)).toBe(true);
  });

  it('should query the compose prometheus service', () => {
    expect(datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
  });
});

describe('crypto-platform dashboard', () => {
  const panels = allPanels(dashboard).filter((panel) => panel.type !== 'row');
  const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

  it('should give every panel a unique id', () => {
    const ids = allPanels(dashboard).map((panel) => panel.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should read every panel and query from the provisioned data source', () => {
    const uids = panels.flatMap((panel) => [
      panel.datasource,
      ...(panel.targets ?? []).map((t) => t.datasource),
    ]);

    expect([...new Set(uids.map((ds) => `${ds?.type}/${ds?.uid}`))]).toEqual([
      `prometheus/${datasources[0]?.uid}`,
    ]);
  });

  it.each([
    /request rate/i,
    /error rate/i,
    /latency/i,
    /signals/i,
    /ml predictions/i,
    /model/i,
    /consumer lag/i,
  ])('should have a panel matching %s', (title) => {
    expect(panels.map((panel) => panel.title)).toContainEqual(expect.stringMatching(title));
  });

  it('should stay in a format Grafana 12 file provisioning loads', () => {
    expect(dashboard.uid).toBe('crypto-platform');
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
  });

  it('should read exactly the metrics its README lists', () => {
    const used = [...new Set(exprs.flatMap(metricNames))].sort();

    expect(used).toEqual(readmeMetrics(readRepoFile(`${GRAFANA}/dashboards/README.md`)).sort());
  });
});

describe(metricNames.name, () => {
  it.each([
    ['sum by (app) (rate(http_requests_total{status=~"5.."}[$__rate_interval]))', ['http_requests_total']],
    [
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
      ['http_request_duration_seconds'],
    ],
    ['max by (group, topic) (kafka_consumer_lag)', ['kafka_consumer_lag']],
    ['sum(up) / count(up)', ['up']],
    ['a_total / ignoring(app) b_total', ['a_total', 'b_total']],
  ])('should find the metrics of %s', (expr, expected) => {
    expect(metricNames(expr)).toEqual(expected);
  });
});
