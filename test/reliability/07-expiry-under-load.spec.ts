import { RosteringService } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { percentile, recordFigure, reliabilityModule } from './support.js';

const TTL_SECONDS = 10;
const RUN_MS = 30_000;
const CALLERS = 16;
/** The IdP is made slow, so a caller that waited on a refresh would show it plainly. */
const IDP_DELAY_MS = 300;

it('7. expiry under load: no expired token reaches the API, ≤ 7 token requests, nobody waits on a refresh', async () => {
  const sandbox = await TimebackSandbox.start({ users: 50, tokenTtlSeconds: TTL_SECONDS });
  const moduleRef = await reliabilityModule(sandbox);
  const rostering = moduleRef.get(RosteringService);
  await rostering.getUser(sandbox.users[0].sourcedId);
  sandbox.resetStats();
  sandbox.faults.delay('idp', IDP_DELAY_MS, { times: Infinity });

  const calls: Array<{ start: number; end: number }> = [];
  const ends = performance.now() + RUN_MS;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      let n = caller;
      while (performance.now() < ends) {
        const start = performance.timeOrigin + performance.now();
        try {
          await rostering.getUser(sandbox.users[n++ % 50].sourcedId);
        } catch {
          failures += 1;
        }
        calls.push({ start, end: performance.timeOrigin + performance.now() });
      }
    }),
  );

  const refreshes = sandbox.stats.tokenRequestTimes.map((at) => ({ from: at, to: at + IDP_DELAY_MS + 50 }));
  expect(refreshes).toHaveLength(sandbox.stats.tokenRequests);
  const duringRefresh = calls.filter((c) => refreshes.some((w) => c.start < w.to && c.end > w.from)).map((c) => c.end - c.start);
  const steady = calls.filter((c) => !refreshes.some((w) => c.start < w.to && c.end > w.from)).map((c) => c.end - c.start);
  const steadyP99 = percentile(steady, 99);
  const refreshP99 = percentile(duringRefresh, 99);

  expect(failures).toBe(0);
  expect(sandbox.stats.tokenRejections.expired).toBe(0);
  expect(sandbox.stats.tokenRequests).toBeGreaterThanOrEqual(5);
  expect(sandbox.stats.tokenRequests).toBeLessThanOrEqual(7);
  expect(duringRefresh.length).toBeGreaterThan(0);
  expect(refreshP99).toBeLessThanOrEqual(2 * steadyP99);

  recordFigure({
    scenario: 7,
    title: 'Expiry under load',
    fault: `tokens live ${TTL_SECONDS} s; the IdP takes ${IDP_DELAY_MS} ms per token`,
    load: `${CALLERS} concurrent callers for ${RUN_MS / 1000} s (${calls.length.toLocaleString('en-US')} calls)`,
    outcome:
      `${sandbox.stats.tokenRejections.expired} requests with an expired token; ${sandbox.stats.tokenRequests} token requests (limit 7); ` +
      `p99 ${refreshP99.toFixed(1)} ms during refreshes (${duringRefresh.length} calls) vs ${steadyP99.toFixed(1)} ms steady`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 90_000);
