import 'reflect-metadata';
import { inspect } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TimebackModule, type TimebackModuleOptions } from 'nestjs-timeback';
import type { TimebackSandbox } from 'nestjs-timeback/testing';

/** A compiled, initialised testing module with TimebackModule pointed at a sandbox (or any options). */
export async function timebackModule(
  sandboxOrOptions: TimebackSandbox | TimebackModuleOptions,
  overrides: TimebackModuleOptions = {},
  logger?: LoggerService,
): Promise<TestingModule> {
  const base = 'moduleOptions' in sandboxOrOptions ? (sandboxOrOptions as TimebackSandbox).moduleOptions() : sandboxOrOptions;
  const builder = Test.createTestingModule({
    imports: [TimebackModule.forRoot({ ...base, ...overrides, healthController: false })],
  });
  const moduleRef = await (logger ? builder.setLogger(logger) : builder).compile();
  return moduleRef.init();
}

/** Everything a value can be turned into on its way to a log. */
export function everyRendering(error: unknown): string[] {
  const e = error as Error & { toJSON?: () => unknown };
  return [
    String(e?.message),
    String(e?.stack),
    String(JSON.stringify(e)),
    typeof e?.toJSON === 'function' ? String(JSON.stringify(e.toJSON())) : '',
    inspect(e, { depth: 10, showHidden: true }),
    inspect(e, { depth: 10 }),
    String(e),
  ];
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
