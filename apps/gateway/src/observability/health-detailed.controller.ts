import { Controller, Get, Inject } from '@nestjs/common';
import { GatewayEnv } from '../gateway.env';
import { checkDependencies, type DependencyProbe, type DetailedHealth } from '@crypto/observability';
import { DEPENDENCY_PROBES } from './observability.tokens';

/** SPEC §8 `GET /health/detailed`: each dependency probed at once, each within `HEALTH_PROBE_TIMEOUT_MS`. */
@Controller()
export class HealthDetailedController {
  constructor(
    @Inject(DEPENDENCY_PROBES) private readonly probes: readonly DependencyProbe[],
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
  ) {}

  @Get('health/detailed')
  detailed(): Promise<DetailedHealth> {
    return checkDependencies(this.probes, this.env.HEALTH_PROBE_TIMEOUT_MS);
  }
}
