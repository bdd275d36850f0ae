import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';

export class GrpcServerEnv extends ServicesEnv {
  @IsString()
  GRPC_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  GRPC_PORT: number = 50051;

  @IsInt()
  @Min(0)
  @Max(65535)
  override METRICS_PORT: number = 9101;
}
