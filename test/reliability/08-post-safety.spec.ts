import { HttpService } from '@nestjs/axios';
import { TIMEBACK_CALIPER_HTTP, TimebackNetworkError, TimebackServerError } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { firstValueFrom } from 'rxjs';
import { rejectionOf } from '../support/timeback-app.js';
import { recordFigure, reliabilityModule } from './support.js';

const EACH = 50;
const envelope = () => ({
  sensor: 'https://example.edu/sensor',
  sendTime: new Date().toISOString(),
  dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  data: [{ id: `urn:uuid:${crypto.randomUUID()}`, type: 'Event', actor: 'a', action: 'Graded', object: 'o', eventTime: new Date().toISOString() }],
});

it('8. POST safety: a POST that gets a 503 or a reset is sent exactly once', async () => {
  const sandbox = await TimebackSandbox.start({ users: 1 });
  const moduleRef = await reliabilityModule(sandbox, { maxRetries: 4 });
  const caliper = moduleRef.get<HttpService>(TIMEBACK_CALIPER_HTTP);
  await firstValueFrom(caliper.post('caliper/event', envelope()));
  sandbox.resetStats();
  const storedBefore = sandbox.caliperEvents.length;

  const outcomes: unknown[] = [];
  for (let i = 0; i < EACH; i++) {
    sandbox.faults.status('caliper', 503);
    outcomes.push(await rejectionOf(firstValueFrom(caliper.post('caliper/event', envelope()))));
    sandbox.faults.reset('caliper');
    outcomes.push(await rejectionOf(firstValueFrom(caliper.post('caliper/event', envelope()))));
  }

  expect(outcomes.filter((e) => e instanceof TimebackServerError)).toHaveLength(EACH);
  expect(outcomes.filter((e) => e instanceof TimebackNetworkError && e.code === 'ECONNRESET')).toHaveLength(EACH);
  expect(sandbox.stats.count('caliper')).toBe(2 * EACH);
  expect(sandbox.caliperEvents.length).toBe(storedBefore);
  recordFigure({
    scenario: 8,
    title: 'POST safety',
    fault: '503, or a reset mid-response; maxRetries 4',
    load: `${2 * EACH} Caliper POSTs`,
    outcome: `${sandbox.stats.count('caliper')} requests for ${2 * EACH} POSTs (each sent once); ${EACH} TimebackServerError, ${EACH} TimebackNetworkError (ECONNRESET)`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 30_000);
