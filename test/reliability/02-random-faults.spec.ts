import { RosteringService, TimebackNetworkError, TimebackServerError } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { recordFigure, reliabilityModule } from './support.js';

const CALLS = 2000;

it('2. a seeded 20 % of responses fail: with maxRetries 4 nearly all succeed, every failure typed', async () => {
  const sandbox = await TimebackSandbox.start({ users: 10 });
  const moduleRef = await reliabilityModule(sandbox, { maxRetries: 4 }, { fastBackoff: true });
  const rostering = moduleRef.get(RosteringService);
  await rostering.getUser(sandbox.users[0].sourcedId);
  sandbox.resetStats();
  sandbox.faults.random('oneroster', { rate: 0.2, seed: 2026, outcomes: [500, 502, 503, 504, 'reset'] });

  let succeeded = 0;
  const failures: unknown[] = [];
  for (let i = 0; i < CALLS; i++) {
    try {
      await rostering.getUser(sandbox.users[i % 10].sourcedId);
      succeeded += 1;
    } catch (error) {
      failures.push(error);
    }
  }

  const attempts = sandbox.stats.count('oneroster');
  const faulted = attempts - sandbox.stats.routes['oneroster GET /ims/oneroster/rostering/v1p2/users/{sourcedId}'][200];
  expect(succeeded + failures.length).toBe(CALLS);
  for (const failure of failures) expect(failure instanceof TimebackServerError || failure instanceof TimebackNetworkError).toBe(true);
  // Five failures in a row at 20 % each: expect about 0.03 % of calls to fail.
  expect(succeeded / CALLS).toBeGreaterThanOrEqual(0.99);
  expect(faulted / attempts).toBeGreaterThan(0.15);
  expect(faulted / attempts).toBeLessThan(0.25);
  recordFigure({
    scenario: 2,
    title: 'Random faults',
    fault: 'seeded 20 % of responses: 500, 502, 503, 504 or reset; maxRetries 4',
    load: `${CALLS.toLocaleString('en-US')} sequential getUser`,
    outcome:
      `${((100 * succeeded) / CALLS).toFixed(2)} % succeeded (${failures.length} typed failures); ` +
      `${(attempts / CALLS).toFixed(3)} attempts per call; ${((100 * faulted) / attempts).toFixed(1)} % of responses faulted`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 120_000);
