import { Controller, Get } from '@nestjs/common';

@Controller()
export class HealthController {
  @Get('health')
  health(): { status: 'ok'; ml_available: boolean; timestamp: string } {
    // The model is served from a later milestone; until then ML is reported unavailable, never assumed.
    return { status: 'ok', ml_available: false, timestamp: new Date().toISOString() };
  }
}
