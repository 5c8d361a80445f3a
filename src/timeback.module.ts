import { HttpService } from '@nestjs/axios';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { InMemoryTokenStore } from './auth/timeback-token-store.js';
import { TimebackTokenProvider } from './auth/timeback-token.provider.js';
import { resolveTimebackSettings } from './config/resolve-timeback-settings.js';
import type { TimebackModuleOptions, TimebackSettings } from './config/timeback-options.interface.js';
import { TimebackHealthIndicator } from './health/timeback.health-indicator.js';
import { Redactor } from './http/redaction.js';
import { defaultRetryPolicy } from './http/retry-policy.js';
import { TimebackTransport } from './http/timeback-transport.js';
import { OneRosterService } from './oneroster/oneroster.service.js';
import { RosteringService } from './oneroster/rostering.service.js';
import {
  TIMEBACK_CALIPER_HTTP,
  TIMEBACK_ONEROSTER_HTTP,
  TIMEBACK_QTI_HTTP,
  TIMEBACK_SETTINGS,
  TIMEBACK_TOKEN_STORE,
} from './timeback.constants.js';
import { TIMEBACK_RETRY_POLICY } from './timeback.internal-constants.js';
import {
  TIMEBACK_MODULE_OPTIONS,
  TimebackConfigurableModule,
  type TimebackModuleForRootOptions,
} from './timeback.module-definition.js';

type BaseUrlOf = (settings: TimebackSettings) => string;

/** One `HttpService` per API family, each over its own axios instance, built with the module's transport. */
const httpClient = (token: string, baseUrlOf: BaseUrlOf): Provider => ({
  provide: token,
  inject: [TIMEBACK_SETTINGS, TimebackTransport, TimebackTokenProvider],
  useFactory: (settings: TimebackSettings, transport: TimebackTransport, tokens: TimebackTokenProvider) =>
    new HttpService(transport.createAxios(baseUrlOf(settings), tokens)),
});

const exported = [
  TIMEBACK_SETTINGS,
  TIMEBACK_ONEROSTER_HTTP,
  TIMEBACK_QTI_HTTP,
  TIMEBACK_CALIPER_HTTP,
  TIMEBACK_TOKEN_STORE,
  TimebackTokenProvider,
  OneRosterService,
  RosteringService,
  TimebackHealthIndicator,
];

@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: TIMEBACK_SETTINGS,
      inject: [TIMEBACK_MODULE_OPTIONS],
      useFactory: (options: TimebackModuleOptions) => resolveTimebackSettings(options),
    },
    {
      provide: Redactor,
      inject: [TIMEBACK_SETTINGS],
      useFactory: (settings: TimebackSettings) => new Redactor([settings.clientSecret]),
    },
    {
      provide: TIMEBACK_RETRY_POLICY,
      inject: [TIMEBACK_SETTINGS],
      useFactory: (settings: TimebackSettings) => defaultRetryPolicy(settings.maxRetries),
    },
    { provide: TIMEBACK_TOKEN_STORE, useClass: InMemoryTokenStore },
    TimebackTransport,
    TimebackTokenProvider,
    httpClient(TIMEBACK_ONEROSTER_HTTP, (settings) => settings.apiBaseUrl),
    httpClient(TIMEBACK_QTI_HTTP, (settings) => settings.qtiApiBaseUrl),
    httpClient(TIMEBACK_CALIPER_HTTP, (settings) => settings.caliperApiBaseUrl),
    RosteringService,
    OneRosterService,
    TimebackHealthIndicator,
  ],
  exports: exported,
})
export class TimebackModule extends TimebackConfigurableModule {
  /** Every option falls back to its `TIMEBACK_*` environment variable, so `forRoot()` alone works in a configured environment. */
  static override forRoot(options: TimebackModuleForRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }
}
