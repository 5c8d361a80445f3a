import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { TimebackTokenProvider } from '../auth/timeback-token.provider.js';
import { InjectCaliperHttp, InjectOneRosterHttp, InjectQtiHttp } from '../timeback.decorators.js';

/** How long each probe may take before it counts as down. */
export const HEALTH_PROBE_TIMEOUT_MS = 3_000;

/**
 * Terminus indicators for Timeback, to add to an app's own health check:
 * `health.check(timebackHealth.indicators())`. Results never hold a token.
 */
@Injectable()
export class TimebackHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly tokens: TimebackTokenProvider,
    @InjectOneRosterHttp() private readonly oneRoster: HttpService,
    @InjectQtiHttp() private readonly qti: HttpService,
    @InjectCaliperHttp() private readonly caliper: HttpService,
  ) {}

  /** A token can be obtained (or is cached); reports how long it stays valid. */
  checkAuth(key = 'timeback_auth') {
    return this.health
      .check(key)
      .attempt(async () => {
        const token = await this.tokens.getToken();
        return { expiresInSeconds: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)) };
      })
      .withTimeout(HEALTH_PROBE_TIMEOUT_MS);
  }

  checkOneRoster(key = 'timeback_oneroster') {
    return this.checkReachable(key, this.oneRoster);
  }

  checkQti(key = 'timeback_qti') {
    return this.checkReachable(key, this.qti);
  }

  checkCaliper(key = 'timeback_caliper') {
    return this.checkReachable(key, this.caliper);
  }

  /** All four checks, for `HealthCheckService.check()`. */
  indicators(): HealthIndicatorFunction[] {
    return [() => this.checkAuth(), () => this.checkOneRoster(), () => this.checkQti(), () => this.checkCaliper()];
  }

  /** Any HTTP answer below 500 from the base URL counts as up; the probe sends no token and is not retried. */
  private checkReachable(key: string, http: HttpService) {
    return this.health
      .check(key)
      .attempt(async ({ signal }) => {
        const response = await http.axiosRef.get('', {
          signal,
          timeout: HEALTH_PROBE_TIMEOUT_MS,
          validateStatus: () => true,
          responseType: 'text',
          timeback: { skipAuth: true, maxRetries: 0 },
        });
        if (response.status >= 500) throw new Error(`answered ${response.status}`);
        return { statusCode: response.status };
      })
      .withTimeout(HEALTH_PROBE_TIMEOUT_MS);
  }
}
