import { RosteringService, TimebackRateLimitError } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { rejectionOf } from '../support/timeback-app.js';
import { recordFigure, reliabilityModule } from './support.js';

it('3. 429 with Retry-After: the next attempt is never sooner than asked; over 30 s fails at once', async () => {
  const sandbox = await TimebackSandbox.start({ users: 2 });
  const moduleRef = await reliabilityModule(sandbox);
  const rostering = moduleRef.get(RosteringService);
  const id = sandbox.users[0].sourcedId;
  await rostering.getUser(id);
  const arrivals = () => sandbox.stats.recent.filter((r) => r.service === 'oneroster').slice(-2);

  const waits: number[] = [];
  for (const seconds of [1, 2]) {
    sandbox.faults.status('oneroster', 429, { retryAfter: seconds });
    await rostering.getUser(id);
    const [limited, retried] = arrivals();
    expect(limited.status).toBe(429);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(seconds * 1000);
    waits.push(retried.at - limited.at - seconds * 1000);
  }

  const lateness: number[] = [];
  for (const ahead of [1500, 2500]) {
    const date = new Date(Math.ceil((Date.now() + ahead) / 1000) * 1000);
    sandbox.faults.status('oneroster', 429, { retryAfter: date.toUTCString() });
    await rostering.getUser(id);
    const [, retried] = arrivals();
    expect(retried.at).toBeGreaterThanOrEqual(date.getTime());
    lateness.push(retried.at - date.getTime());
  }

  const before = sandbox.stats.count('oneroster');
  sandbox.faults.status('oneroster', 429, { retryAfter: 31 });
  const tooLong = (await rejectionOf(rostering.getUser(id))) as TimebackRateLimitError;
  expect(tooLong).toBeInstanceOf(TimebackRateLimitError);
  expect(tooLong.retryAfterMs).toBe(31_000);
  sandbox.faults.status('oneroster', 429, { retryAfter: new Date(Date.now() + 60_000).toUTCString() });
  const tooLate = (await rejectionOf(rostering.getUser(id))) as TimebackRateLimitError;
  expect(tooLate).toBeInstanceOf(TimebackRateLimitError);
  expect(tooLate.retryAfterMs).toBeGreaterThan(30_000);
  expect(sandbox.stats.count('oneroster') - before).toBe(2);

  recordFigure({
    scenario: 3,
    title: '429 with Retry-After',
    fault: 'Retry-After 1 s, 2 s, two HTTP dates, then 31 s and a date 60 s ahead',
    load: '6 getUser calls',
    outcome:
      `retries waited ${waits.map((w) => `+${w.toFixed(0)} ms`).join(', ')} past the seconds and ` +
      `${lateness.map((w) => `+${w.toFixed(0)} ms`).join(', ')} past the dates (never early); ` +
      `over 30 s: TimebackRateLimitError at once, 1 request each`,
  });
  await moduleRef.close();
  await sandbox.stop();
}, 60_000);
