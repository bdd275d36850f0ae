import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GatewayEnv } from '../gateway.env';
import { checkPlatform, type PlatformComponentProbe, type PlatformServices } from './platform-services';
import { PlatformServicesDto } from './platform.responses';
import { PLATFORM_LINKS, PLATFORM_PROBES } from './platform.tokens';

@ApiTags('health')
@Controller('v1/platform')
export class PlatformController {
  constructor(
    @Inject(PLATFORM_PROBES) private readonly probes: readonly PlatformComponentProbe[],
    @Inject(PLATFORM_LINKS) private readonly links: PlatformServices['links'],
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
  ) {}

  @Get('services')
  @ApiOperation({
    summary: 'Health and versions of every service and app of the platform, with their consoles',
    description:
      'PostgreSQL, Redis, Kafka, MinIO, MLflow, Prometheus and the five apps (the gateway and, through their ops `/health`, the gRPC server, the stream producer and consumer, the trainer), each probed at once within `HEALTH_PROBE_TIMEOUT_MS`. Always 200: a component that is down is a row saying so.',
  })
  @ApiOkResponse({ type: PlatformServicesDto })
  services(): Promise<PlatformServices> {
    return checkPlatform(this.probes, this.links, this.env.HEALTH_PROBE_TIMEOUT_MS);
  }
}
