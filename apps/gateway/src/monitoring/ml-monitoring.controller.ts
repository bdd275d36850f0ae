import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ServingModel } from '@crypto/registry';
import { BaselineFallback, isDegraded, type EngagedFallback } from '@crypto/serving';
import { ForecastMonitoringRepository, type ForecastMonitoringSnapshot } from '@crypto/storage';
import { GatewayEnv } from '../gateway.env';
import { MarketAnswerDto } from '../market/market.responses';
import { FallbackDto } from '../signals/signals.responses';
import { parseWindowsDays } from './monitoring-settings';

const SCORES = { rmse: 0.00124, mae: 0.00098, qlike: 0.291, r2: 0.12 };

export class LiveWindowDto extends MarketAnswerDto implements ForecastMonitoringSnapshot {
  @ApiProperty({ example: 'crypto-volatility-bilstm' })
  model_name!: string;
  @ApiProperty({ example: '3' })
  model_version!: string;
  @ApiProperty({ description: 'the rolling window, days', example: 7 })
  window_days!: number;
  @ApiProperty({ description: 'first forecast origin scored, epoch ms', example: 1759161600000 })
  from_ts!: number;
  @ApiProperty({
    description: 'last forecast origin scored (its target just known), epoch ms',
    example: 1759762800000,
  })
  to_ts!: number;
  @ApiProperty({ example: 168 })
  origins!: number;
  @ApiProperty({
    type: Object,
    description: "the model's scores against the realised volatility",
    example: SCORES,
  })
  model!: ForecastMonitoringSnapshot['model'];
  @ApiProperty({
    type: Object,
    description: 'HAR-RV (its training fit) at the same origins',
    example: SCORES,
  })
  har!: ForecastMonitoringSnapshot['har'];
  @ApiProperty({ type: Object, description: 'EWMA (λ 0.94) at the same origins', example: SCORES })
  ewma!: ForecastMonitoringSnapshot['ewma'];
  @ApiProperty({ type: Object, description: 'persistence (vol24) at the same origins', example: SCORES })
  persistence!: ForecastMonitoringSnapshot['persistence'];
  @ApiProperty({ example: '2026-12-07T03:20:00.000Z' })
  computed_at!: string;
}

export class MlMonitoringDto {
  @ApiProperty({ example: 'crypto-volatility-bilstm' })
  model_name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the version this gateway serves', example: '3' })
  served_version!: string | null;
  @ApiProperty({ description: 'MONITOR_DEGRADED_MARGIN: degraded above HAR-RV × (1 + margin)', example: 0.1 })
  degraded_margin!: number;
  @ApiProperty({
    description: "whether the served version's judged window (the first of MONITOR_WINDOWS_DAYS) is degraded",
    example: false,
  })
  degraded!: boolean;
  @ApiProperty({
    type: FallbackDto,
    nullable: true,
    description:
      'set while HAR-RV answers the ML requests for the degraded served version (AUTO_ROLLBACK with no earlier champion)',
  })
  fallback!: EngagedFallback | null;
  @ApiProperty({ type: [LiveWindowDto], description: 'every version monitored, newest first' })
  windows!: LiveWindowDto[];
}

@ApiTags('model')
@Controller('v1/ml')
export class MlMonitoringController {
  constructor(
    @Inject(ForecastMonitoringRepository) private readonly snapshots: ForecastMonitoringRepository,
    @Inject(ServingModel) private readonly champion: ServingModel,
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
    @Inject(BaselineFallback) private readonly fallback: BaselineFallback,
  ) {}

  @Get('monitoring')
  @ApiOperation({
    summary: 'Live forecast scores of each model version against HAR-RV, EWMA and persistence',
    description:
      'For each monitored market and rolling window: QLIKE, RMSE, MAE and R² of the model and of the baselines at the same forecast origins, on origins the model never trained on whose realised volatility is known. Brought up to date every MONITOR_INTERVAL_S.',
  })
  @ApiOkResponse({ type: MlMonitoringDto })
  async monitoring(): Promise<MlMonitoringDto> {
    const served = this.champion.info?.model_version ?? null;
    const windows = await this.snapshots.list(this.env.MODEL_NAME);
    const [judgedDays] = parseWindowsDays(this.env.MONITOR_WINDOWS_DAYS);
    const judged = windows.filter((w) => w.model_version === served && w.window_days === judgedDays);
    return {
      model_name: this.env.MODEL_NAME,
      served_version: served,
      degraded_margin: this.env.MONITOR_DEGRADED_MARGIN,
      degraded: judged.some((w) =>
        isDegraded(w, {
          degradedMargin: this.env.MONITOR_DEGRADED_MARGIN,
          minOrigins: this.env.MONITOR_MIN_ORIGINS,
        }),
      ),
      fallback: (served === null ? undefined : this.fallback.engagedFor(served)) ?? null,
      windows,
    };
  }
}
