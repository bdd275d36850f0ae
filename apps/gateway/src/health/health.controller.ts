import { Controller, Get, Inject } from '@nestjs/common';
import { CHAMPION_MODEL, type ChampionModelSource } from '@crypto/serving';

@Controller()
export class HealthController {
  constructor(@Inject(CHAMPION_MODEL) private readonly champion: ChampionModelSource) {}

  /** SPEC §8: the gateway answers; `ml_available` while a champion is loaded. */
  @Get('health')
  health(): { status: 'ok'; ml_available: boolean; timestamp: string } {
    return {
      status: 'ok',
      ml_available: this.champion.info !== undefined,
      timestamp: new Date().toISOString(),
    };
  }
}
