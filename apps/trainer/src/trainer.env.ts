import { IsInt, Max, Min } from 'class-validator';
import { WithReportingEnv } from '@crypto/reporting';
import { TrainingEnv } from '@crypto/training';

/**
 * The trainer's environment: the training settings (TRAINING_*, PROMOTION_REQUIRE_HAR, MODEL_*), the daily
 * report's (REPORT_*, REPORTS_BUCKET, …) and its ops port.
 */
export class TrainerEnv extends WithReportingEnv(TrainingEnv) {
  @IsInt()
  @Min(0)
  @Max(65535)
  override METRICS_PORT: number = 9104;
}
