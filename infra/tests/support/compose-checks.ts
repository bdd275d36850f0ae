import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { summarizeDockerfile } from './dockerfile';

/** The parts of a Compose file these checks read (compose-spec names). */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  restart?: string;
  healthcheck?: { test: string | string[]; disable?: boolean };
  depends_on?: Record<string, { condition: DependencyCondition }>;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export interface PublishedPort {
  hostIp: string | null;
  published: number;
  target: number;
}

/** A one-shot service runs to completion: Compose must not restart it. */
export const isOneShot = (service: ComposeService): boolean => service.restart === 'no';

/** Short port syntax `[ip:]published:target`, the only one this project uses. */
export function parsePort(spec: string): PublishedPort {
  const parts = spec.split(':');
  const [target, published] = [Number(parts.at(-1)), Number(parts.at(-2))];
  if (parts.length < 2 || !Number.isInteger(target) || !Number.isInteger(published)) {
    throw new Error(`unsupported port syntax "${spec}": write [ip:]published:target`);
  }
  return { hostIp: parts.length > 2 ? parts.slice(0, -2).join(':') : null, published, target };
}

/**
 * What `depends_on` promises and `docker compose up --wait` needs:
 * - every target exists;
 * - `service_healthy` targets have a healthcheck (otherwise Compose refuses to start the dependant);
 * - `service_completed_successfully` targets are one-shot (restart "no") and have no healthcheck;
 * - every one-shot service is awaited that way by a long-running service: `up --wait` reports a one-shot
 *   container that exited as a failure unless a running service depends on its completion.
 */
export function dependencyProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const services = compose.services;
  for (const [name, service] of Object.entries(services)) {
    for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
      const dependency = services[target];
      if (!dependency) {
        problems.push(`${name} depends on ${target}, which is not a service`);
      } else if (
        condition === 'service_healthy' &&
        (!dependency.healthcheck || dependency.healthcheck.disable)
      ) {
        problems.push(`${name} waits for ${target} to be healthy, but ${target} has no healthcheck`);
      } else if (condition === 'service_completed_successfully' && !isOneShot(dependency)) {
        problems.push(
          `${name} waits for ${target} to complete, but ${target} is not one-shot (restart: "no")`,
        );
      } else if (condition === 'service_completed_successfully' && dependency.healthcheck) {
        problems.push(`${target} is one-shot but has a healthcheck`);
      }
    }
  }
  for (const name of Object.keys(services).filter((n) => isOneShot(services[n]))) {
    const awaited = Object.values(services).some(
      (other) =>
        !isOneShot(other) && other.depends_on?.[name]?.condition === 'service_completed_successfully',
    );
    if (!awaited)
      problems.push(
        `one-shot ${name} is not awaited (service_completed_successfully) by a long-running service`,
      );
  }
  return problems;
}

/** Relative bind mounts (`./path:/in/container[:mode]`) whose host path is missing under `root`. */
export function bindMountProblems(compose: ComposeFile, root: string): string[] {
  return Object.entries(compose.services).flatMap(([name, service]) =>
    (service.volumes ?? [])
      .map((spec) => spec.split(':')[0])
      .filter((source) => source.startsWith('.') || source.startsWith('/'))
      .filter((source) => !existsSync(resolve(root, source)))
      .map((source) => `${name} mounts ${source}, which does not exist`),
  );
}

/**
 * Each `build`: the context and Dockerfile exist, the target is a stage of that Dockerfile, every build
 * arg is declared with ARG, and every file the Dockerfile copies from the context exists.
 */
export function buildProblems(compose: ComposeFile, root: string): string[] {
  const problems: string[] = [];
  for (const [name, { build }] of Object.entries(compose.services)) {
    if (!build) continue;
    const context = resolve(root, build.context);
    const dockerfilePath = join(context, build.dockerfile ?? 'Dockerfile');
    if (!existsSync(dockerfilePath)) {
      problems.push(
        `${name} builds ${build.dockerfile ?? 'Dockerfile'} in ${build.context}, which does not exist`,
      );
      continue;
    }
    const dockerfile = summarizeDockerfile(readFileSync(dockerfilePath, 'utf8'));
    if (build.target && !dockerfile.stages.includes(build.target)) {
      problems.push(`${name} builds target ${build.target}, not a stage of ${build.dockerfile}`);
    }
    for (const arg of Object.keys(build.args ?? {}).filter((a) => !dockerfile.args.has(a))) {
      problems.push(`${name} passes build arg ${arg}, which ${build.dockerfile} does not declare`);
    }
    for (const source of dockerfile.contextSources.filter((s) => !existsSync(join(context, s)))) {
      problems.push(
        `${name}: ${build.dockerfile} copies ${source}, missing from the build context ${build.context}`,
      );
    }
  }
  return problems;
}
