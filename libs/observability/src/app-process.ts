import {
  Logger,
  type DynamicModule,
  type INestApplicationContext,
  type LogLevel,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Registry } from 'prom-client';
import { exitOnShutdownSignal, startOpsServer, type HealthReport, type OpsServer } from './ops-server';

/** The ops settings every non-gateway app has (ServicesEnv fields plus the app's own port default). */
export interface OpsEnv {
  METRICS_PORT: number;
  METRICS_HOST: string;
}

export interface AppProcessOptions {
  /** process name: the `app` label of every metric and the `app` field of `/health` */
  app: string;
  env: OpsEnv;
  /** the app's root module (its providers do the work; their lifecycle hooks start and stop it) */
  module: DynamicModule | Type;
  /** the app's Prometheus registry, read from the context once it is built */
  registry: (context: INestApplicationContext) => Registry;
  /** the `/health` answer, asked on every request */
  health: (context: INestApplicationContext) => HealthReport | Promise<HealthReport>;
  /** Nest's logger setting; tests pass `false` */
  logger?: false | LogLevel[];
}

/** A running non-HTTP app: its Nest context and its ops endpoint. */
export interface AppProcess {
  context: INestApplicationContext;
  ops: OpsServer;
  /** closes the context (its shutdown hooks run), then the ops endpoint */
  close(): Promise<void>;
}

/**
 * The bootstrap the gRPC server, the stream apps and the trainer share: a Nest application context of the
 * app's module (bootstrap hooks run before this resolves), then the ops endpoint on METRICS_PORT with the
 * app's registry and health. Tests call it with `METRICS_PORT=0`; `runAppProcess` is what `main.ts` calls.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const context = await NestFactory.createApplicationContext(options.module, {
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  let ops: OpsServer;
  try {
    ops = await startOpsServer({
      app: options.app,
      port: options.env.METRICS_PORT,
      host: options.env.METRICS_HOST,
      registry: options.registry(context),
      health: () => options.health(context),
    });
  } catch (error) {
    await context.close();
    throw error;
  }
  return {
    context,
    ops,
    close: async () => {
      await context.close();
      await new Promise<void>((resolve) => ops.server.close(() => resolve()));
    },
  };
}

/**
 * `main.ts` of a non-gateway app: starts it, closes it on SIGTERM / SIGINT (then exits 0), and exits 1 with
 * the reason logged when it cannot start (a supervisor restarts it; a half-started app would not recover).
 */
export function runAppProcess(start: () => Promise<AppProcess>): void {
  start().then(
    (app) => exitOnShutdownSignal(app.ops, () => app.context.close()),
    (error: unknown) => {
      new Logger('AppProcess').error(
        `could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    },
  );
}
