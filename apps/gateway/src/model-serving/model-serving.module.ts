import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { initBackend } from '@crypto/model';
import { ChampionModelLoader, MlflowClient, ServingModel } from '@crypto/registry';
import { GatewayEnv } from '../gateway.env';
import { MODEL_STATUS } from '../observability/observability.tokens';
import { createGatewayRedis } from '../security/gateway-redis.provider';
import { ChampionSync } from './champion-sync';
import { RedisModelEventSubscriber } from './model-events.subscriber';

/** Loads the champion after boot, follows promotions, and closes the model and the subscription at shutdown. */
@Injectable()
class ModelServingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ModelServing');

  constructor(
    @Inject(ServingModel) private readonly serving: ServingModel,
    @Inject(ChampionSync) private readonly sync: ChampionSync,
    @Inject(RedisModelEventSubscriber) private readonly events: RedisModelEventSubscriber,
  ) {}

  onApplicationBootstrap(): void {
    // neither waits: the gateway serves everything else while MLflow or Redis is away
    this.events
      .subscribe({
        event: (event) => void this.sync.onEvent(event),
        reconnected: () => void this.sync.sync('Redis reconnected: model events may have been missed'),
      })
      .catch((error: unknown) => this.logger.warn(`No model events: ${(error as Error).message}`));
    void this.sync.start();
  }

  onApplicationShutdown(): void {
    this.sync.stop();
    this.events.close();
    // disposed once the requests still using it end
    this.serving.close();
  }
}

/**
 * The champion served by the gateway (SPEC §7–8): the registry's {@link ServingModel} for MODEL_NAME @
 * MODEL_ALIAS, as `MODEL_STATUS` (the `ChampionModelSource` of the ML use cases, metrics, health and
 * GraphQL). Nothing here blocks or fails the boot: with no champion or MLflow down the ML endpoints answer
 * 503 until a load succeeds (see {@link ChampionSync}).
 */
@Module({
  providers: [
    {
      provide: ServingModel,
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) =>
        new ServingModel(new ChampionModelLoader(new MlflowClient(env.MLFLOW_TRACKING_URI), env.MODEL_NAME), {
          alias: env.MODEL_ALIAS,
        }),
    },
    { provide: MODEL_STATUS, useExisting: ServingModel },
    {
      provide: ChampionSync,
      inject: [ServingModel, GatewayEnv],
      useFactory: (serving: ServingModel, env: GatewayEnv) =>
        new ChampionSync(serving, {
          modelName: env.MODEL_NAME,
          retryMinMs: env.MODEL_RETRY_MIN_MS,
          retryMaxMs: Math.max(env.MODEL_RETRY_MIN_MS, env.MODEL_RETRY_MAX_MS),
          checkIntervalMs: env.MODEL_CHECK_INTERVAL_S * 1000,
          prepare: () => initBackend(env.MODEL_BACKEND),
        }),
    },
    {
      provide: RedisModelEventSubscriber,
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) =>
        new RedisModelEventSubscriber(
          // commands wait for Redis here (a subscription must happen once it is back)
          createGatewayRedis(env.REDIS_URL, 'gateway-model-events', {
            enableOfflineQueue: true,
            maxRetriesPerRequest: null,
          }),
        ),
    },
    ModelServingLifecycle,
  ],
  exports: [MODEL_STATUS, ServingModel, ChampionSync],
})
export class ModelServingModule {}
