import { el, getJson, link, section, table } from '../api';

interface Component {
  name: string;
  kind: 'service' | 'app';
  status: 'up' | 'down';
  state: string | null;
  version: string | null;
  latency_ms: number;
  error: string | null;
  console: string | null;
}
interface PlatformServices {
  status: 'ok' | 'degraded';
  timestamp: string;
  components: Component[];
  links: { name: string; url: string }[];
}

/** A git sha is long: its first 12 characters tell builds apart. */
const shortVersion = (version: string | null) =>
  version && /^[0-9a-f]{40}$/.test(version) ? version.slice(0, 12) : version;

/** `/dashboard/services`: health and version of every service and app, and the platform's consoles. */
export function renderServices(root: HTMLElement): void {
  const summary = el('p');
  summary.id = 'platform-status';
  const services = el('div');
  services.id = 'platform-services';
  const apps = el('div');
  apps.id = 'platform-apps';
  const links = el('div', undefined, 'tiles');
  links.id = 'platform-links';
  root.append(section('Services', summary, services), section('Apps', apps), section('Consoles', links));

  const rows = (components: Component[]) =>
    table(
      ['name', 'status', 'version', 'latency', 'console', 'error'],
      components.map((c) => [
        c.name,
        el(
          'span',
          c.state && c.state !== 'ok' ? `${c.status} (${c.state})` : c.status,
          `tile ${c.state === 'degraded' ? 'degraded' : c.status}`,
        ),
        shortVersion(c.version),
        `${c.latency_ms} ms`,
        c.console ? link('open', c.console) : null,
        c.error,
      ]),
    );

  const refresh = async () => {
    try {
      const platform = await getJson<PlatformServices>('/v1/platform/services');
      const down = platform.components.filter((c) => c.status === 'down').map((c) => c.name);
      summary.textContent = `${platform.status}${down.length ? `: ${down.join(', ')} down` : ''} (checked ${platform.timestamp.slice(11, 19)} UTC)`;
      summary.className = platform.status === 'ok' ? 'tile up' : 'tile degraded';
      services.replaceChildren(rows(platform.components.filter((c) => c.kind === 'service')));
      apps.replaceChildren(rows(platform.components.filter((c) => c.kind === 'app')));
      if (links.childElementCount === 0) {
        links.replaceChildren(...platform.links.map((l) => link(l.name, l.url)));
        for (const a of links.children) a.classList.add('tile');
      }
    } catch (error) {
      services.replaceChildren(el('p', (error as Error).message, 'error'));
    }
  };
  void refresh();
  setInterval(() => void refresh(), 10_000);
}
