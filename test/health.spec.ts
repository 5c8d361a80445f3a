import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { TimebackHealthIndicator, TimebackModule, TimebackTokenProvider } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';

const SECRET = 'health-spec-secret-Pk3';

let sandbox: TimebackSandbox;
let app: INestApplication;

beforeAll(async () => {
  sandbox = await TimebackSandbox.start({ users: 2, clientSecret: SECRET });
  const moduleRef = await Test.createTestingModule({
    imports: [TimebackModule.forRoot({ ...sandbox.moduleOptions(), maxRetries: 0 })],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});
beforeEach(() => sandbox.faults.clear());

describe('GET /timeback/health', () => {
  it('answers 200 with Terminus-shaped details when everything is up', async () => {
    const { body } = await request(app.getHttpServer()).get('/timeback/health').expect(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details)).toEqual(['timeback_auth', 'timeback_oneroster', 'timeback_qti', 'timeback_caliper']);
    expect(body.details.timeback_auth).toMatchObject({ status: 'up', expiresInSeconds: expect.any(Number) });
    expect(body.details.timeback_auth.expiresInSeconds).toBeGreaterThan(3500);
    for (const key of ['timeback_oneroster', 'timeback_qti', 'timeback_caliper']) expect(body.details[key].status).toBe('up');
    expect(body.error).toEqual({});
  });

  it('answers 503 with the IdP down, and never holds a secret or token', async () => {
    await app.get(TimebackTokenProvider).invalidate();
    sandbox.faults.status('idp', 503, { times: Infinity });
    const { body } = await request(app.getHttpServer()).get('/timeback/health').expect(503);
    expect(body.status).toBe('error');
    expect(body.error.timeback_auth.status).toBe('down');
    expect(body.info.timeback_oneroster.status).toBe('up');
    const text = JSON.stringify(body);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/bearer/i);
  });

  it('marks an API down when its base answers 5xx', async () => {
    sandbox.faults.status('qti', 500, { times: Infinity });
    const { body } = await request(app.getHttpServer()).get('/timeback/health').expect(503);
    expect(body.error.timeback_qti.status).toBe('down');
    expect(body.info.timeback_caliper.status).toBe('up');
  });

  it('never shows the token it obtained', async () => {
    await app.get(TimebackTokenProvider).invalidate();
    const { text } = await request(app.getHttpServer()).get('/timeback/health').expect(200);
    const token = await app.get(TimebackTokenProvider).getAccessToken();
    expect(text).not.toContain(token);
  });
});

describe('TimebackHealthIndicator in an app’s own health check', () => {
  @Controller('health')
  class AppHealthController {
    constructor(
      private readonly health: HealthCheckService,
      private readonly timeback: TimebackHealthIndicator,
    ) {}

    @Get()
    @HealthCheck()
    check() {
      return this.health.check([() => this.timeback.checkAuth(), () => this.timeback.checkOneRoster('roster')]);
    }
  }

  it('adds its indicators under the keys the app chooses', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule, TimebackModule.forRoot({ ...sandbox.moduleOptions(), healthController: false })],
      controllers: [AppHealthController],
    }).compile();
    const own = moduleRef.createNestApplication({ logger: false });
    await own.init();
    const { body } = await request(own.getHttpServer()).get('/health').expect(200);
    expect(Object.keys(body.details)).toEqual(['timeback_auth', 'roster']);
    await request(own.getHttpServer()).get('/timeback/health').expect(404);
    await own.close();
  });
});
