import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Test, type TestingModule } from '@nestjs/testing';
import { TimebackModule, type TimebackModuleOptions } from 'nestjs-timeback';
import type { TimebackSandbox } from 'nestjs-timeback/testing';
import { seededRandom } from '../../src/testing/sandbox-users.js';
import { TIMEBACK_RETRY_POLICY } from '../../src/timeback.internal-constants.js';

const FIGURES = fileURLToPath(new URL('./figures/', import.meta.url));

export interface Figure {
  scenario: number;
  title: string;
  fault: string;
  load: string;
  outcome: string;
}

/** Prints the scenario's figure line and keeps it for `npm run reliability:table`. */
export function recordFigure(figure: Figure): void {
  mkdirSync(FIGURES, { recursive: true });
  writeFileSync(`${FIGURES}${String(figure.scenario).padStart(2, '0')}.json`, `${JSON.stringify({ ...figure, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  process.stdout.write(`reliability #${figure.scenario} ${figure.title}: ${figure.outcome}\n`);
}

/**
 * The module against a sandbox. `fastBackoff` keeps the real retry code and
 * policy shape but scales its delays down (1 ms base, 10 ms cap), so a
 * thousand retried calls fit in CI; scenarios about timing use the real policy.
 */
export async function reliabilityModule(
  sandbox: TimebackSandbox,
  overrides: TimebackModuleOptions = {},
  { fastBackoff = false } = {},
): Promise<TestingModule> {
  const options = { ...sandbox.moduleOptions(), ...overrides };
  let builder = Test.createTestingModule({ imports: [TimebackModule.forRoot({ ...options, healthController: false })] });
  if (fastBackoff) {
    builder = builder.overrideProvider(TIMEBACK_RETRY_POLICY).useValue({
      maxRetries: Number(options.maxRetries ?? 2),
      baseDelayMs: 1,
      maxDelayMs: 10,
      retryAfterLimitMs: 30_000,
      random: seededRandom(7),
    });
  }
  const moduleRef = await builder.compile();
  return moduleRef.init();
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
