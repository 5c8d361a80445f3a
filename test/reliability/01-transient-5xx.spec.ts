import { RosteringService } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { recordFigure, reliabilityModule } from './support.js';

const CALLS = 1000;

it('1. every GET first gets two 503s: all calls succeed with exactly three requests each', async () => {
  const sandbox = await TimebackSandbox.start({ users: 10 });
  const moduleRef = await reliabilityModule(sandbox, {}, { fastBackoff: true });
  const rostering = moduleRef.get(RosteringService);
  await rostering.getUser(sandbox.users[0].sourcedId);
  sandbox.resetStats();

  let succeeded = 0;
  for (let i = 0; i < CALLS; i++) {
    sandbox.faults.status('oneroster', 503, { times: 2 });
    const user = await rostering.getUser(sandbox.users[i % 10].sourcedId);
    if (user.sourcedId === sandbox.users[i % 10].sourcedId) succeeded += 1;
  }

  expect(succeeded).toBe(CALLS);
  expect(sandbox.stats.count('oneroster')).toBe(3 * CALLS);
  expect(sandbox.stats.count('oneroster', 503)).toBe(2 * CALLS);
  recordFigure({
    scenario: 1,
    title: 'Transient 5xx',
    fault: 'every GET gets 503, 503, then 200',
    load: `${CALLS.toLocaleString('en-US')} sequential getUser`,
    outcome: `${succeeded}/${CALLS} succeeded; ${sandbox.stats.count('oneroster')} requests (${(sandbox.stats.count('oneroster') / CALLS).toFixed(2)} per call)`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 120_000);
