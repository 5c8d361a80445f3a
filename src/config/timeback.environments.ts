import type { TimebackEnvironment } from './timeback-options.interface.js';

export interface TimebackEnvironmentUrls {
  apiBaseUrl: string;
  qtiApiBaseUrl: string;
  caliperApiBaseUrl: string;
  idpBaseUrl: string;
}

export const TIMEBACK_ENVIRONMENT_URLS: Readonly<Record<TimebackEnvironment, Readonly<TimebackEnvironmentUrls>>> =
  Object.freeze({
    production: Object.freeze({
      apiBaseUrl: 'https://api.alpha-1edtech.ai/',
      qtiApiBaseUrl: 'https://qti.alpha-1edtech.ai/api',
      caliperApiBaseUrl: 'https://caliper.alpha-1edtech.ai',
      idpBaseUrl: 'https://prod-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com',
    }),
    staging: Object.freeze({
      apiBaseUrl: 'https://api.staging.alpha-1edtech.ai/',
      qtiApiBaseUrl: 'https://qti-staging.alpha-1edtech.ai/api',
      caliperApiBaseUrl: 'https://caliper-staging.alpha-1edtech.ai',
      idpBaseUrl: 'https://alpha-auth-development-idp.auth.us-west-2.amazoncognito.com',
    }),
  });

export const TIMEBACK_DEFAULTS = Object.freeze({
  clientAuth: 'post' as const,
  timeoutMs: 30_000,
  maxRetries: 2,
});
