import type { TimebackSandbox } from 'nestjs-timeback/testing';

export function sandboxBanner(sandbox: TimebackSandbox, appUrl: string): string {
  const { idpBaseUrl, apiBaseUrl, qtiApiBaseUrl, caliperApiBaseUrl } = sandbox.urls;
  return [
    '',
    'Timeback sandbox: no TIMEBACK_CLIENT_ID and no .env, so the app talks to an embedded Timeback on loopback.',
    `  IdP        ${idpBaseUrl}`,
    `  OneRoster  ${apiBaseUrl}`,
    `  QTI        ${qtiApiBaseUrl}`,
    `  Caliper    ${caliperApiBaseUrl}`,
    '',
    `Example app on ${appUrl}. Try:`,
    `  curl ${appUrl}/users/${sandbox.users[0].sourcedId}`,
    `  curl ${appUrl}/timeback/health`,
    `  curl ${appUrl}/content/stimuli`,
    '',
  ].join('\n');
}
