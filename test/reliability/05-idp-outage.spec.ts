import { RosteringService, TimebackAuthError } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { percentile, recordFigure, reliabilityModule } from './support.js';

const OUTAGE_MS = 10_000;
const CALLERS = 4;
/** The longest a call may take in the outage: every attempt of the token request plus its backoff (200 + 400 ms caps), with room for a busy machine. */
const FAIL_FAST_MS = 2_000;

it('5. IdP outage: calls fail fast and typed, one token request at a time, and the first call after recovery succeeds', async () => {
  const sandbox = await TimebackSandbox.start({ users: 10 });
  const moduleRef = await reliabilityModule(sandbox);
  const rostering = moduleRef.get(RosteringService);
  sandbox.faults.status('idp', 503, { times: Infinity });
  const outageEnds = performance.now() + OUTAGE_MS;

  const durations: number[] = [];
  const failures: unknown[] = [];
  let succeededDuringOutage = 0;
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      while (performance.now() < outageEnds - FAIL_FAST_MS) {
        const started = performance.now();
        try {
          await rostering.getUser(sandbox.users[caller].sourcedId);
          succeededDuringOutage += 1;
        } catch (error) {
          failures.push(error);
        }
        durations.push(performance.now() - started);
      }
    }),
  );
  const apiRequestsDuringOutage = sandbox.stats.count('oneroster');
  const tokenRequestsDuringOutage = sandbox.stats.tokenRequests;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - performance.now())));
  sandbox.faults.clear('idp');

  const first = await rostering.getUser(sandbox.users[0].sourcedId);
  expect(first.sourcedId).toBe(sandbox.users[0].sourcedId);
  expect(succeededDuringOutage).toBe(0);
  expect(failures.length).toBeGreaterThan(0);
  for (const failure of failures) expect(failure).toBeInstanceOf(TimebackAuthError);
  expect(Math.max(...durations)).toBeLessThan(FAIL_FAST_MS);
  expect(apiRequestsDuringOutage).toBe(0);
  expect(sandbox.stats.recent.filter((r) => r.service !== 'idp' && r.authorization !== 'bearer')).toHaveLength(0);
  expect(sandbox.stats.maxConcurrentTokenRequests).toBe(1);

  recordFigure({
    scenario: 5,
    title: 'IdP outage',
    fault: `IdP answers 503 for ${OUTAGE_MS / 1000} s, then recovers`,
    load: `${CALLERS} callers in a loop`,
    outcome:
      `${failures.length} calls failed with TimebackAuthError, median ${percentile(durations, 50).toFixed(0)} ms, max ${Math.max(...durations).toFixed(0)} ms; ` +
      `${tokenRequestsDuringOutage} token requests, at most ${sandbox.stats.maxConcurrentTokenRequests} in flight; 0 API requests without a bearer; first call after recovery succeeded`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 60_000);
