import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { CHAMPION_MODEL, type ChampionModelSource } from '@crypto/serving';
import { GatewayEnv } from '../../gateway.env';
import { HealthStatus, ModelInfoType } from '../types/status.types';

@Resolver()
export class StatusResolver {
  constructor(
    @Inject(CHAMPION_MODEL) private readonly model: ChampionModelSource,
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
  ) {}

  @Query(() => HealthStatus, { description: 'the gateway is up; whether an ML model is served' })
  health(): HealthStatus {
    return {
      status: 'ok',
      mlAvailable: this.model.info !== undefined,
      timestamp: new Date().toISOString(),
    };
  }

  @Query(() => ModelInfoType, { description: 'the model being served, if any' })
  modelInfo(): ModelInfoType {
    const info = this.model.info;
    return {
      modelLoaded: info !== undefined,
      modelVersion: info?.model_version ?? null,
      modelName: info?.model_name ?? null,
      mlflowUri: this.env.MLFLOW_TRACKING_URI,
      sequenceLength: info?.sequence_length ?? null,
    };
  }
}
