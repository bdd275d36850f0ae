import type { ComposeFile, ComposeService, DependencyCondition } from './compose-checks';

/**
 * Small Compose documents for the checks' own tests:
 * `ComposeBuilder.create().service('db', healthy).service('app', { depends_on: { db: healthy } }).build()`.
 */
export class ComposeBuilder {
  private readonly services: Record<string, ComposeService> = {};

  static create(): ComposeBuilder {
    return new ComposeBuilder();
  }

  service(name: string, definition: ComposeService = {}): this {
    this.services[name] = { image: `example/${name}:1`, ...definition };
    return this;
  }

  longRunning(name: string, definition: ComposeService = {}): this {
    return this.service(name, { restart: 'unless-stopped', ...definition });
  }

  oneShot(name: string, definition: ComposeService = {}): this {
    return this.service(name, { restart: 'no', ...definition });
  }

  build(): ComposeFile {
    return { services: structuredClone(this.services) };
  }
}

export const HEALTHCHECK: ComposeService['healthcheck'] = { test: ['CMD', 'true'] };

export const needs = (condition: DependencyCondition, ...targets: string[]): ComposeService['depends_on'] =>
  Object.fromEntries(targets.map((target) => [target, { condition }]));
