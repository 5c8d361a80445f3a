import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Keeps `npm run bench` working: a tiny run, checked for shape and token use, never for speed. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm run bench', () => {
  it('runs at a tiny size and reports every client, ratio and figure', () => {
    const out = mkdtempSync(join(tmpdir(), 'nestjs-timeback-bench-'));
    try {
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'));
      const stdout = execFileSync(process.execPath, ['bench/run.js', '--quick', '--out', out], { cwd: ROOT, env, encoding: 'utf8' });
      expect(stdout).toContain('| module | 64 |');
      const report = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      expect(report.rows.map((r: { client: string; concurrency: number }) => `${r.client}@${r.concurrency}`)).toEqual([
        'module@1', 'axios@1', 'axios-direct@1', 'http@1', 'undici@1',
        'module@64', 'axios@64', 'axios-direct@64', 'http@64', 'undici@64',
      ]);
      for (const row of report.rows) {
        expect(row.rps).toBeGreaterThan(0);
        expect(row.p99Ms).toBeGreaterThanOrEqual(row.p50Ms);
        expect(row.cpuUsPerCall).toBeGreaterThan(0);
      }
      expect(report.tokenRequests).toBe(1);
      expect(report.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
      expect(Object.keys(report.ratios)).toEqual(['1', '64']);
      expect(report.coldStart.medianMs).toBeGreaterThan(0);
      expect(report.churn.ttl2s.tokenRequests).toBeGreaterThanOrEqual(1);
      expect(readFileSync(join(out, 'RESULTS.md'), 'utf8')).toContain('module / axios');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
