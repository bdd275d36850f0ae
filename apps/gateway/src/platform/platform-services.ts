import { checkDependency, type DependencyProbe, type DependencyStatus } from '@crypto/observability';

/** One service or app on the services page. */
export interface PlatformComponent {
  name: string;
  kind: 'service' | 'app';
  status: 'up' | 'down';
  /** an app's own verdict while it answers (`ok` / `degraded`) */
  state: string | null;
  /** the server's version (services) or the code version an app runs; null when it does not say */
  version: string | null;
  latency_ms: number;
  error: string | null;
  /** where a person looks at it, when it has a console */
  console: string | null;
}

export interface PlatformServices {
  /** `ok` when every component is up */
  status: 'ok' | 'degraded';
  timestamp: string;
  components: PlatformComponent[];
  /** the consoles of the platform, by name */
  links: { name: string; url: string }[];
}

export interface PlatformComponentProbe {
  kind: PlatformComponent['kind'];
  probe: DependencyProbe;
  console: string | null;
}

/** `name=url,name=url` (PLATFORM_APPS) as pairs; blank entries ignored. */
export function parseNamedUrls(text: string): { name: string; url: string }[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at).trim(), url: pair.slice(at + 1).trim() };
    });
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function component(entry: PlatformComponentProbe, result: DependencyStatus): PlatformComponent {
  return {
    name: entry.probe.name,
    kind: entry.kind,
    status: result.status,
    state: text(result['state']),
    version: text(result['version']),
    latency_ms: result.latency_ms,
    error: result.error ?? null,
    console: entry.console,
  };
}

/** Probes every component at once, each within `timeoutMs`; never rejects (a component down is a row). */
export async function checkPlatform(
  entries: readonly PlatformComponentProbe[],
  links: PlatformServices['links'],
  timeoutMs: number,
  now: () => Date = () => new Date(),
): Promise<PlatformServices> {
  const results = await Promise.all(entries.map((entry) => checkDependency(entry.probe, timeoutMs)));
  const components = entries.map((entry, i) => component(entry, results[i]!));
  return {
    status: components.every((c) => c.status === 'up') ? 'ok' : 'degraded',
    timestamp: now().toISOString(),
    components,
    links,
  };
}
