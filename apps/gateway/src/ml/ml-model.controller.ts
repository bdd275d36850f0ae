import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ModelStatusService, type ModelInfo } from '@crypto/serving';
import { ForecastMonitoringRepository } from '@crypto/storage';
import { LiveWindowDto } from '../monitoring/ml-monitoring.controller';
import { ApiErrors } from '../openapi/api-errors';
import { AdminOperation } from '../security/admin-operation.decorator';

const METRICS_EXAMPLE = { rmse: 0.0021, mae: 0.0014, qlike: 0.118, r2: 0.31 };

export class ModelInfoResponseDto {
  @ApiProperty({ example: true })
  model_loaded!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'crypto-volatility-bilstm' })
  model_name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3' })
  model_version!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'champion' })
  alias!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0f6c2e4d1b9a4c7e8d3f5a2b1c0d9e8f' })
  run_id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T14:00:00.000Z' })
  loaded_at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T12:00:00.000Z' })
  trained_at!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'L: candles per input window', example: 48 })
  sequence_length!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'H: candles ahead forecast', example: 24 })
  horizon!: number | null;
  @ApiProperty({ type: [String], nullable: true, example: ['ret', 'vol24', 'sma12'] })
  feature_columns!: string[] | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'test-window metrics of the model',
    example: METRICS_EXAMPLE,
  })
  metrics!: object | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'the same metrics of each baseline on the same window',
    example: { persistence: METRICS_EXAMPLE, ewma: METRICS_EXAMPLE, har: METRICS_EXAMPLE },
  })
  baselines!: object | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'TensorFlow.js backend it runs on',
    example: 'wasm',
  })
  backend!: string | null;
  @ApiProperty({
    type: [LiveWindowDto],
    nullable: true,
    description:
      'live scores of the served version per monitored market and window (GET /v1/ml/monitoring); empty until scored, null while the store is unreachable',
  })
  live_monitoring!: LiveWindowDto[] | null;
}

export class ReloadResponseDto {
  @ApiProperty({ example: true })
  success!: boolean;
  @ApiProperty({ example: 'now serving crypto-volatility-bilstm version 4 (was 3)' })
  message!: string;
  @ApiProperty({ example: '4' })
  model_version!: string;
}

export function toModelInfoResponse(
  info: ModelInfo | undefined,
  liveMonitoring: LiveWindowDto[] | null = [],
): ModelInfoResponseDto {
  return {
    model_loaded: info !== undefined,
    model_name: info?.model_name ?? null,
    model_version: info?.model_version ?? null,
    alias: info?.alias ?? null,
    run_id: info?.run_id ?? null,
    loaded_at: info?.loaded_at ?? null,
    trained_at: info?.trained_at ?? null,
    sequence_length: info?.sequence_length ?? null,
    horizon: info?.horizon ?? null,
    feature_columns: info?.feature_columns ?? null,
    metrics: info?.metrics ?? null,
    baselines: info?.baselines ?? null,
    backend: info?.backend ?? null,
    live_monitoring: liveMonitoring,
  };
}

@ApiTags('model')
@Controller('v1/ml/model')
export class MlModelController {
  constructor(
    private readonly models: ModelStatusService,
    @Inject(ForecastMonitoringRepository) private readonly monitoring: ForecastMonitoringRepository,
  ) {}

  @Get('info')
  @ApiOperation({ summary: 'The model being served (`model_loaded: false` and nulls while none is)' })
  @ApiOkResponse({ type: ModelInfoResponseDto })
  async info(): Promise<ModelInfoResponseDto> {
    const info = this.models.current();
    // the model answers while PostgreSQL is away; only its live figures are missing then
    const live = info
      ? await this.monitoring.list(info.model_name, { version: info.model_version }).catch(() => null)
      : [];
    return toModelInfoResponse(info, live);
  }

  @Post('reload')
  @HttpCode(200)
  @AdminOperation()
  @ApiOperation({
    summary: 'Load the champion again (admin)',
    description:
      'Swaps only once the new model is ready; 503 when no registry is configured or loading fails (the model served before stays).',
  })
  @ApiOkResponse({ type: ReloadResponseDto })
  @ApiErrors(401, 503)
  reload(): Promise<ReloadResponseDto> {
    return this.models.reload();
  }
}
