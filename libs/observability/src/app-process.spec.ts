import 'reflect-metadata';
import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { startAppProcess } from './app-process';
import { createMetricsRegistry } from './ops-server';

const registry = createMetricsRegistry('test-process');
const work = new Counter({ name: 'crypto_test_work_total', help: 'work done', registers: [registry] });

@Injectable()
class Worker implements OnApplicationShutdown {
  stopped = false;
  onApplicationShutdown(): void {
    this.stopped = true;
  }
}

@Module({ providers: [Worker] })
class WorkerModule {}

describe(startAppProcess.name, () => {
  it('should serve the app registry and health, and run the shutdown hooks on close', async () => {
    work.inc(2);
    const app = await startAppProcess({
      app: 'test-process',
      env: { METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' },
      module: WorkerModule,
      registry: () => registry,
      health: (context) => ({ status: 'ok', stopped: context.get(Worker).stopped }),
      logger: false,
    });
    const worker = app.context.get(Worker);
    const base = `http://127.0.0.1:${app.ops.port}`;
    try {
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
        status: 'ok',
        stopped: false,
        app: 'test-process',
      });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain(
        'crypto_test_work_total{app="test-process"} 2',
      );
    } finally {
      await app.close();
    }
    expect(worker.stopped).toBe(true);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('should close the context when the ops port cannot be bound', async () => {
    const first = await startAppProcess({
      app: 'test-process',
      env: { METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' },
      module: WorkerModule,
      registry: () => registry,
      health: () => ({ status: 'ok' }),
      logger: false,
    });
    try {
      await expect(
        startAppProcess({
          app: 'test-process',
          env: { METRICS_PORT: first.ops.port, METRICS_HOST: '127.0.0.1' },
          module: WorkerModule,
          registry: () => registry,
          health: () => ({ status: 'ok' }),
          logger: false,
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
