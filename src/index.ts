export { TimebackModule } from './timeback.module.js';
export type {
  TimebackModuleAsyncOptions,
  TimebackModuleExtras,
  TimebackModuleForRootOptions,
  TimebackOptionsFactory,
} from './timeback.module-definition.js';
export {
  TIMEBACK_CALIPER_HTTP,
  TIMEBACK_ONEROSTER_HTTP,
  TIMEBACK_QTI_HTTP,
  TIMEBACK_SETTINGS,
  TIMEBACK_TOKEN_STORE,
} from './timeback.constants.js';
export {
  InjectCaliperHttp,
  InjectOneRosterHttp,
  InjectQtiHttp,
  InjectTimebackSettings,
  InjectTimebackTokenStore,
} from './timeback.decorators.js';

export { resolveTimebackSettings, timebackOptionsFromEnv, TIMEBACK_ENV_VARS } from './config/resolve-timeback-settings.js';
export { timebackConfig } from './config/timeback.config.js';
export { TIMEBACK_ENVIRONMENT_URLS, TIMEBACK_DEFAULTS } from './config/timeback.environments.js';
export type {
  TimebackClientAuth,
  TimebackEnvironment,
  TimebackModuleOptions,
  TimebackSettings,
} from './config/timeback-options.interface.js';

export { TimebackTokenProvider } from './auth/timeback-token.provider.js';
export { InMemoryTokenStore, type TimebackCachedToken, type TimebackTokenStore } from './auth/timeback-token-store.js';

export type { TimebackRequestOptions } from './http/timeback-request-options.js';

export { OneRosterService } from './oneroster/oneroster.service.js';
export { RosteringService } from './oneroster/rostering.service.js';
export type * from './oneroster/oneroster.models.js';

export {
  TimebackAuthError,
  TimebackConfigError,
  TimebackConflictError,
  TimebackError,
  TimebackForbiddenError,
  TimebackNetworkError,
  TimebackNotFoundError,
  TimebackRateLimitError,
  TimebackResponseError,
  TimebackServerError,
  TimebackValidationError,
  type ImsxStatusInfo,
  type TimebackErrorDetails,
} from './errors/timeback.errors.js';
export { TimebackExceptionFilter } from './errors/timeback-exception.filter.js';

export { TimebackHealthIndicator } from './health/timeback.health-indicator.js';
export { TimebackHealthController } from './health/timeback-health.controller.js';
