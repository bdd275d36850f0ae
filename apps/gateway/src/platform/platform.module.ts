import { Module } from '@nestjs/common';
import { codeVersion, type DependencyProbe } from '@crypto/observability';
import { GatewayEnv } from '../gateway.env';
import { ObservabilityModule } from '../observability/observability.module';
import { appProbe, prometheusProbe } from '../observability/dependency-probes';
import { DEPENDENCY_PROBES } from '../observability/observability.tokens';
import { parseNamedUrls, type PlatformComponentProbe } from './platform-services';
import { PlatformController } from './platform.controller';
import { PLATFORM_LINKS, PLATFORM_PROBES } from './platform.tokens';

/** The backing services `/health/detailed` already probes (the exchange and the model are not services). */
const SERVICES = ['postgres', 'redis', 'kafka', 'minio', 'mlflow'];

/** `GET /v1/platform/services`: what the dashboard's services page shows. */
@Module({
  imports: [ObservabilityModule],
  controllers: [PlatformController],
  providers: [
    {
      provide: PLATFORM_PROBES,
      inject: [GatewayEnv, DEPENDENCY_PROBES],
      useFactory: (env: GatewayEnv, dependencies: readonly DependencyProbe[]): PlatformComponentProbe[] => {
        const consoles: Record<string, string> = {
          kafka: '/dashboard/kafka',
          minio: env.MINIO_CONSOLE_URL,
          mlflow: env.MLFLOW_TRACKING_URI,
          prometheus: env.PROMETHEUS_URL,
        };
        const version = codeVersion();
        const gateway: DependencyProbe = {
          name: 'gateway',
          check: () => Promise.resolve({ state: 'ok', version }),
        };
        const services = [
          ...SERVICES.map((name) => dependencies.find((probe) => probe.name === name)!),
          prometheusProbe(env.PROMETHEUS_URL),
        ].map((probe): PlatformComponentProbe => ({
          kind: 'service',
          probe,
          console: consoles[probe.name] ?? null,
        }));
        const apps = parseNamedUrls(env.PLATFORM_APPS).map(({ name, url }): PlatformComponentProbe => ({
          kind: 'app',
          probe: appProbe(name, url),
          console: null,
        }));
        return [...services, { kind: 'app', probe: gateway, console: '/docs' }, ...apps];
      },
    },
    {
      provide: PLATFORM_LINKS,
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => [
        { name: 'MLflow UI', url: env.MLFLOW_TRACKING_URI },
        { name: 'MinIO console', url: env.MINIO_CONSOLE_URL },
        { name: 'Swagger UI', url: '/docs' },
        { name: 'GraphQL playground', url: '/graphql' },
        { name: 'Bull Board', url: '/admin/queues' },
        { name: 'Prometheus', url: env.PROMETHEUS_URL },
      ],
    },
  ],
})
export class PlatformModule {}
