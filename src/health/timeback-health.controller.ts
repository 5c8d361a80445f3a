import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { TimebackHealthIndicator } from './timeback.health-indicator.js';

/** `GET /timeback/health`: 200 when the IdP and all three APIs answer, 503 otherwise. Leave it out with `healthController: false`. */
@Controller('timeback/health')
export class TimebackHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: TimebackHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check(this.indicator.indicators());
  }
}
