import { Logger } from '@nestjs/common';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import {
  checkDependency,
  postgresProbe,
  type DependencyProbe,
  type SqlQueryable,
} from '@crypto/observability';
import { CRYPTO_SERVICE_NAME } from './crypto-service.definition';

/**
 * The standard `grpc.health.v1.Health` service (Check and Watch, from grpc-health-check): the server as a
 * whole (`""`) and `crypto.CryptoService` are SERVING while PostgreSQL answers, NOT_SERVING while it does
 * not (every RPC but HealthCheck and StreamPrices needs it). Watchers are told of each change.
 */
export class GrpcHealth {
  private readonly logger = new Logger('GrpcHealth');
  readonly implementation = new HealthImplementation({ '': 'UNKNOWN', [CRYPTO_SERVICE_NAME]: 'UNKNOWN' });
  private current: ServingStatus = 'UNKNOWN';
  private lastProblem = '';
  private timer: NodeJS.Timeout | undefined;

  private readonly postgres: DependencyProbe;

  constructor(
    pool: SqlQueryable,
    private readonly options: { intervalMs: number; timeoutMs?: number },
  ) {
    // the gateway's /health/detailed probe, with the same timeout handling
    this.postgres = postgresProbe(pool);
  }

  get status(): ServingStatus {
    return this.current;
  }

  get problem(): string {
    return this.lastProblem;
  }

  /** Probes now, then every interval until {@link stop}. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.set('NOT_SERVING', 'shutting down');
  }

  async probe(): Promise<ServingStatus> {
    const result = await checkDependency(this.postgres, this.options.timeoutMs ?? 2_000);
    if (result.status === 'up') this.set('SERVING', '');
    else this.set('NOT_SERVING', `PostgreSQL: ${result.error}`);
    return this.current;
  }

  private set(next: ServingStatus, problem: string): void {
    if (next !== this.current) {
      if (next === 'SERVING') this.logger.log('SERVING');
      else this.logger.warn(`${next}: ${problem}`);
    }
    this.current = next;
    this.lastProblem = problem;
    this.implementation.setStatus('', next);
    this.implementation.setStatus(CRYPTO_SERVICE_NAME, next);
  }
}
