import { RosteringService } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { recordFigure, reliabilityModule } from './support.js';

const CONCURRENT = 200;

it('6. token revoked under load: 200 calls get a 401, one new token follows, all 200 succeed', async () => {
  const sandbox = await TimebackSandbox.start({ users: 20 });
  const moduleRef = await reliabilityModule(sandbox);
  const rostering = moduleRef.get(RosteringService);
  await rostering.getUser(sandbox.users[0].sourcedId);
  sandbox.resetStats();
  sandbox.revokeTokens();

  const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, (_, i) => rostering.getUser(sandbox.users[i % 20].sourcedId)));

  const succeeded = results.filter((r) => r.status === 'fulfilled').length;
  expect(succeeded).toBe(CONCURRENT);
  expect(sandbox.stats.tokenRejections.revoked).toBe(CONCURRENT);
  expect(sandbox.stats.tokenRequests).toBe(1);
  expect(sandbox.stats.count('oneroster')).toBe(2 * CONCURRENT);
  recordFigure({
    scenario: 6,
    title: 'Token revoked under load',
    fault: 'every issued token revoked',
    load: `${CONCURRENT} concurrent getUser`,
    outcome: `${sandbox.stats.tokenRejections.revoked} got 401; ${sandbox.stats.tokenRequests} token request followed; ${succeeded}/${CONCURRENT} succeeded`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 30_000);
