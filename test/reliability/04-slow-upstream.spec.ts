import { RosteringService, TimebackNetworkError } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { rejectionOf } from '../support/timeback-app.js';
import { recordFigure, reliabilityModule, sleep } from './support.js';

const TIMEOUT_MS = 500;
const handles = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'Timeout' || name === 'TCPServerWrap');

it('4. slow and hung upstreams: a hung call fails typed within timeoutMs + 20 %, leaving nothing open', async () => {
  const baseline = handles().length;
  const sandbox = await TimebackSandbox.start({ users: 2 });
  const moduleRef = await reliabilityModule(sandbox, { timeoutMs: TIMEOUT_MS });
  const rostering = moduleRef.get(RosteringService);
  const id = sandbox.users[0].sourcedId;
  await rostering.getUser(id);

  sandbox.faults.delay('oneroster', 300);
  const slowStarted = performance.now();
  await expect(rostering.getUser(id)).resolves.toMatchObject({ sourcedId: id });
  const slowMs = performance.now() - slowStarted;

  const hungMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    sandbox.faults.hang('oneroster');
    const started = performance.now();
    const error = (await rejectionOf(rostering.getUser(id))) as TimebackNetworkError;
    hungMs.push(performance.now() - started);
    expect(error).toBeInstanceOf(TimebackNetworkError);
    expect(error.code).toBe('ETIMEDOUT');
  }
  for (const ms of hungMs) expect(ms).toBeLessThanOrEqual(TIMEOUT_MS * 1.2);

  await moduleRef.close();
  await sandbox.stop();
  await sleep(50);
  expect(handles().length).toBeLessThanOrEqual(baseline);
  recordFigure({
    scenario: 4,
    title: 'Slow and hung upstreams',
    fault: 'a 300 ms delay, then three hung responses; timeoutMs 500',
    load: '5 getUser calls',
    outcome:
      `slow call succeeded in ${slowMs.toFixed(0)} ms; hung calls failed with TimebackNetworkError (ETIMEDOUT) in ` +
      `${hungMs.map((ms) => ms.toFixed(0)).join(', ')} ms (limit ${TIMEOUT_MS * 1.2}); no socket or timer left open`,
  });
}, 30_000);
