import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordFigure } from './support.js';

const PROBE = fileURLToPath(new URL('./probes/shutdown.mjs', import.meta.url));

it('9. graceful shutdown: app.close() with 50 requests in flight; each completes or fails typed, and the process ends', () => {
  const started = performance.now();
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'));
  const child = spawnSync(process.execPath, [PROBE], { encoding: 'utf8', timeout: 20_000, env });
  const exitedMs = performance.now() - started;
  expect(child.error).toBeUndefined();
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const result = JSON.parse(child.stdout);
  expect(result.untyped).toEqual([]);
  expect(result.completed + result.typed).toBe(result.inFlight);
  expect(result.completed).toBeGreaterThanOrEqual(result.inFlight - 10);
  expect(result.open).toEqual([]);
  recordFigure({
    scenario: 9,
    title: 'Graceful shutdown',
    fault: 'app.close() with 50 calls in flight: 10 waiting to retry a 503, 40 slow (200 ms) on the wire',
    load: '50 concurrent getUser',
    outcome:
      `${result.completed} completed, ${result.typed} failed typed (${result.codes.filter(Boolean).join(', ') || 'none'}), 0 untyped; ` +
      `no socket or timer left; the process ended by itself (${exitedMs.toFixed(0)} ms from start)`,
  });
}, 30_000);
