import { IsInt, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';

export class StreamProducerEnv extends ServicesEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override METRICS_PORT: number = 9102;
}
