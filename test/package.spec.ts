import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Packs the library, installs the tarball into a new app outside this repo and
 * boots it in plain Node, the way a user would: a broken `exports` map, a
 * missing file or a bad type declaration fails here.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEERS = [
  '@nestjs/axios',
  '@nestjs/common',
  '@nestjs/config',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/terminus',
  'axios',
  'class-validator',
  'reflect-metadata',
  'rxjs',
];
const versionOf = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const PUBLIC_NAMES = [
  'TimebackModule', 'TIMEBACK_SETTINGS', 'TIMEBACK_ONEROSTER_HTTP', 'TIMEBACK_QTI_HTTP', 'TIMEBACK_CALIPER_HTTP', 'TIMEBACK_TOKEN_STORE',
  'InjectTimebackSettings', 'InjectOneRosterHttp', 'InjectQtiHttp', 'InjectCaliperHttp', 'InjectTimebackTokenStore',
  'resolveTimebackSettings', 'timebackConfig', 'TimebackTokenProvider', 'InMemoryTokenStore', 'OneRosterService', 'RosteringService',
  'TimebackError', 'TimebackConfigError', 'TimebackAuthError', 'TimebackForbiddenError', 'TimebackNotFoundError',
  'TimebackValidationError', 'TimebackConflictError', 'TimebackRateLimitError', 'TimebackServerError', 'TimebackNetworkError',
  'TimebackResponseError', 'TimebackExceptionFilter', 'TimebackHealthIndicator', 'TimebackHealthController',
];

const APP = `
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import * as timeback from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';

const missing = ${JSON.stringify(PUBLIC_NAMES)}.filter((name) => timeback[name] === undefined);
const sandbox = await TimebackSandbox.start({ users: 3 });
const app = await NestFactory.create(timeback.TimebackModule.forRoot(sandbox.moduleOptions()), { logger: false });
await app.listen(0, '127.0.0.1');
const user = await app.get(timeback.RosteringService).getUser(sandbox.users[0].sourcedId);
const health = await fetch(await app.getUrl() + '/timeback/health');
await app.close();
await sandbox.stop();
console.log(JSON.stringify({ missing, sourcedId: user.sourcedId, expected: sandbox.users[0].sourcedId, health: health.status }));
`;

const TYPED_CONSUMER = `
import { Controller, Get, Module, Param } from '@nestjs/common';
import type { HttpService } from '@nestjs/axios';
import { InjectQtiHttp, RosteringService, TimebackModule, type OneRosterUser, type TimebackSettings, TimebackNotFoundError } from 'nestjs-timeback';
import { TimebackSandbox, type TimebackSandboxOptions } from 'nestjs-timeback/testing';

@Controller('users')
export class UsersController {
  constructor(private readonly rostering: RosteringService, @InjectQtiHttp() readonly qti: HttpService) {}
  @Get(':id')
  get(@Param('id') id: string): Promise<OneRosterUser> {
    return this.rostering.getUser(id, { fields: ['sourcedId'] });
  }
}

@Module({ imports: [TimebackModule.forRootAsync({ useFactory: () => ({ environment: 'staging' }), isGlobal: true })], controllers: [UsersController] })
export class AppModule {}

const options: TimebackSandboxOptions = { users: 1 };
export const started: Promise<TimebackSandbox> = TimebackSandbox.start(options);
export const enabled: OneRosterUser['enabledUser'] = 'true';
export type Settings = TimebackSettings['apiBaseUrl'];
export const isNotFound = (e: unknown): boolean => e instanceof TimebackNotFoundError && e.status === 404;
`;

describe('the packed package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nestjs-timeback-consumer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs from its tarball and boots a Nest app in plain Node, with types that resolve', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed.files.map((file) => file.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/testing/index.d.ts');
    expect(files.some((file) => /^(src|test|example|bench)\//.test(file) || file.endsWith('.tsbuildinfo'))).toBe(false);

    const dependencies = Object.fromEntries([['nestjs-timeback', `file:./${packed.filename}`], ...PEERS.map((name) => [name, versionOf(name)])]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });

    writeFileSync(join(dir, 'main.mjs'), APP);
    const result = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } }));
    expect(result.missing).toEqual([]);
    expect(result.sourcedId).toBe(result.expected);
    expect(result.health).toBe(200);

    writeFileSync(join(dir, 'consumer.ts'), TYPED_CONSUMER);
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, types: [],
      },
      files: ['consumer.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, stdio: 'pipe' });
  }, 180_000);
});
