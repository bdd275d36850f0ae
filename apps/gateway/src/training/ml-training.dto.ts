import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { TrainingJobStatus } from '@crypto/training';
import type { TrainingRun } from '@crypto/storage';
import { nullAsAbsent, toBoolean, toInteger } from '../market/dto-validation';
import { MarketDto } from '../market/market-query.dto';

export const MAX_TRAINING_EPOCHS = 1_000;
export const MAX_TRAINING_CANDLES = 100_000;
export const MAX_RUNS = 100;

const JOB_ID = 'binance-btc-usdt-1h-1764079200000-a1b2c3';
const JOB_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/** SPEC §8 `POST /v1/ml/train` body: the market to train on (its stored candles) and a few overrides. */
export class TrainRequestDto extends MarketDto {
  @ApiPropertyOptional({
    // null reads as absent (nullAsAbsent)
    nullable: true,
    type: 'integer',
    description: `most epochs, 1 … ${MAX_TRAINING_EPOCHS} (early stopping may end sooner); default: the trainer's`,
    minimum: 1,
    maximum: MAX_TRAINING_EPOCHS,
    example: 30,
  })
  @IsOptional()
  @Transform(nullAsAbsent(toInteger))
  @Min(1)
  @Max(MAX_TRAINING_EPOCHS)
  @IsInt()
  epochs?: number;

  @ApiPropertyOptional({
    // null reads as absent (nullAsAbsent)
    nullable: true,
    type: 'integer',
    description: `train on the latest \`limit\` stored closed candles, 1 … ${MAX_TRAINING_CANDLES}; default: every stored one`,
    minimum: 1,
    maximum: MAX_TRAINING_CANDLES,
    example: 20_000,
  })
  @IsOptional()
  @Transform(nullAsAbsent(toInteger))
  @Min(1)
  @Max(MAX_TRAINING_CANDLES)
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({
    description: 'false: train, evaluate and log to MLflow, but register and promote nothing',
    default: true,
    example: true,
  })
  @Transform(toBoolean)
  @IsBoolean()
  register: boolean = true;
}

export class TrainingJobIdParamDto {
  @ApiProperty({
    description: 'the `job_id` answered by `POST /v1/ml/train`',
    example: JOB_ID,
    pattern: JOB_ID_PATTERN.source,
  })
  @IsString()
  @Matches(JOB_ID_PATTERN, { message: 'job_id must be a job id answered by POST /v1/ml/train' })
  job_id!: string;
}

export class RunsQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: `runs to list, newest first, 1 … ${MAX_RUNS}`,
    default: 10,
    minimum: 1,
    maximum: MAX_RUNS,
    example: 10,
  })
  @Transform(toInteger)
  @Min(1)
  @Max(MAX_RUNS)
  @IsInt()
  n: number = 10;
}

const METRICS = { rmse: 0.0021, mae: 0.0014, qlike: 0.118, r2: 0.31 };

export class TrainAcceptedDto {
  @ApiProperty({ description: 'follow it at `GET /v1/ml/train/{job_id}`', example: JOB_ID })
  job_id!: string;
}

export class TrainingStepStatusDto {
  @ApiProperty({ example: 'train' })
  name!: string;
  @ApiProperty({ description: 'BullMQ state of the step job', example: 'active' })
  state!: string;
  @ApiProperty({ description: 'of this step, 0 … 1', example: 0.4 })
  progress!: number;
  @ApiProperty({ example: 1 })
  attempts!: number;
  @ApiProperty({ type: String, nullable: true, example: null })
  failed_reason!: string | null;
}

export class TrainingJobStatusDto {
  @ApiProperty({ example: JOB_ID })
  job_id!: string;
  @ApiProperty({
    enum: ['waiting', 'active', 'retrying', 'completed', 'failed', 'unknown'],
    example: 'active',
  })
  state!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the step running or waiting, the one that failed, or the last one when completed',
    example: 'train',
  })
  step!: string | null;
  @ApiProperty({
    description: 'of the whole flow, 0 … 100 (steps weighted by their usual duration)',
    example: 41.3,
  })
  progress!: number;
  @ApiProperty({ type: String, nullable: true, example: 'epoch 3/30: loss 0.1823, val_loss 0.2130' })
  message!: string | null;
  @ApiProperty({ type: [TrainingStepStatusDto] })
  steps!: TrainingStepStatusDto[];
  @ApiProperty({
    type: Object,
    description: 'the request as queued',
    example: { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h', epochs: 30, trigger: 'api' },
  })
  request!: object;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'the promotion decision once completed',
    example: { promote: true, alias: 'champion', version: '4', reason: 'QLIKE beats persistence (…)' },
  })
  result!: object | null;
  @ApiProperty({ type: String, nullable: true, example: '0f6c2e4d1b9a4c7e8d3f5a2b1c0d9e8f' })
  mlflow_run_id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  failed_reason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T14:00:00.000Z' })
  created_at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  finished_at!: string | null;
}

export class TrainingRunDto {
  @ApiProperty({ example: JOB_ID })
  job_id!: string;
  @ApiProperty({ type: String, nullable: true, example: '0f6c2e4d1b9a4c7e8d3f5a2b1c0d9e8f' })
  mlflow_run_id!: string | null;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'], example: 'completed' })
  status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the step running, or the one that failed',
    example: 'promote',
  })
  step!: string | null;
  @ApiProperty({
    type: Object,
    description: 'the request and the model configuration',
    example: { symbol: 'BTC/USDT', epochs: 30 },
  })
  params!: object;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: "the model's test-window metrics (and the window)",
    example: METRICS,
  })
  metrics!: object | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'the baselines on the same window',
    example: { persistence: METRICS, ewma: METRICS, har: METRICS },
  })
  baselines!: object | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '`champion`, `challenger` or `not_registered`',
    example: 'champion',
  })
  decision!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the gate's verdict, or the failure",
    example: 'QLIKE beats persistence (0.42 < 1.13), ewma (0.42 < 0.56)',
  })
  reason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '4' })
  model_version!: string | null;
  @ApiProperty({ example: '2026-11-25T14:00:00.000Z' })
  started_at!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T14:03:10.000Z' })
  finished_at!: string | null;
}

export const toTrainingJobStatus = (status: TrainingJobStatus): TrainingJobStatusDto => ({
  job_id: status.job_id,
  state: status.state,
  step: status.step,
  progress: status.progress,
  message: status.message,
  steps: status.steps,
  request: status.request,
  result: status.result ?? null,
  mlflow_run_id: status.mlflow_run_id,
  failed_reason: status.failed_reason,
  created_at: status.created_at,
  finished_at: status.finished_at,
});

export const toTrainingRun = (run: TrainingRun): TrainingRunDto => ({
  job_id: run.job_id,
  mlflow_run_id: run.mlflow_run_id,
  status: run.status,
  step: run.step,
  params: run.params,
  metrics: run.metrics,
  baselines: run.baselines,
  decision: run.decision,
  reason: run.reason,
  model_version: run.model_version,
  started_at: run.started_at.toISOString(),
  finished_at: run.finished_at?.toISOString() ?? null,
});
