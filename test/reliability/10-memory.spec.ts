import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { recordFigure } from './support.js';

const PROBE = fileURLToPath(new URL('./probes/memory.mjs', import.meta.url));
const CALLS = 100_000;

it('10. memory: 100,000 cached-token getUser calls grow the heap by under 20 MB after GC', async () => {
  const sandbox = await TimebackSandbox.start({ users: 100 });
  const options = { ...sandbox.moduleOptions(), healthController: false };
  const ids = sandbox.users.map((u) => u.sourcedId);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'));
  // Asynchronously: the sandbox answering the child lives in this process.
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--expose-gc', PROBE, JSON.stringify(options), String(CALLS), JSON.stringify(ids)], { env, timeout: 240_000 }, (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    ),
  );
  const result = JSON.parse(stdout);
  expect(result.calls).toBe(CALLS);
  expect(result.growthMb).toBeLessThan(20);
  expect(sandbox.stats.tokenRequests).toBe(1);
  expect(sandbox.stats.count('oneroster', 200)).toBe(CALLS + 2_000);
  recordFigure({
    scenario: 10,
    title: 'Memory',
    fault: 'none; one cached token',
    load: `${CALLS.toLocaleString('en-US')} getUser calls, 8 concurrent, --expose-gc`,
    outcome: `heap after GC ${result.beforeMb.toFixed(1)} → ${result.afterMb.toFixed(1)} MB (${result.growthMb >= 0 ? '+' : ''}${result.growthMb.toFixed(2)} MB; limit 20 MB); 1 token request`,
  });
  await sandbox.stop();
}, 300_000);

