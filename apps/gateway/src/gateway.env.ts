import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServicesEnv } from '@crypto/config';

export class GatewayEnv extends ServicesEnv {
  @IsString()
  HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 8800;
}
