import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { AppModule } from '../example/app.module.js';

let sandbox: TimebackSandbox;
let app: INestApplication;

beforeAll(async () => {
  sandbox = await TimebackSandbox.start({ users: 20 });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ sandbox })] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => sandbox.faults.clear());

const event = () => ({
  sensor: 'https://example.edu/app',
  sendTime: new Date().toISOString(),
  dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  data: [
    {
      id: 'urn:uuid:7e10e4f3-a0d8-4430-95bd-783ffae4d916',
      type: 'ToolUseEvent',
      actor: { id: 'https://example.edu/users/554433', type: 'Person' },
      action: 'Used',
      object: { id: 'https://example.edu', type: 'SoftwareApplication' },
      eventTime: new Date().toISOString(),
    },
  ],
});

describe('example app', () => {
  it('GET /users/:sourcedId returns the sandbox user', async () => {
    const user = sandbox.users[3];
    const { body } = await request(app.getHttpServer()).get(`/users/${user.sourcedId}`).expect(200);
    expect(body).toEqual(user);
  });

  it('GET /users/:sourcedId?fields= projects', async () => {
    const user = sandbox.users[4];
    const { body } = await request(app.getHttpServer()).get(`/users/${user.sourcedId}?fields=sourcedId,email`).expect(200);
    expect(body).toEqual({ sourcedId: user.sourcedId, email: user.email });
  });

  it('maps upstream errors through TimebackExceptionFilter', async () => {
    const missing = await request(app.getHttpServer()).get('/users/nobody').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'TimebackNotFoundError', requestId: expect.any(String) });

    sandbox.faults.status('oneroster', 500, { times: 3 });
    const failed = await request(app.getHttpServer()).get(`/users/${sandbox.users[0].sourcedId}`).expect(502);
    expect(failed.body).toEqual({
      statusCode: 502,
      error: 'TimebackServerError',
      message: 'The Timeback service could not complete the request',
      requestId: expect.any(String),
    });

    sandbox.faults.status('oneroster', 429, { retryAfter: 60 });
    const limited = await request(app.getHttpServer()).get(`/users/${sandbox.users[0].sourcedId}`).expect(429);
    expect(limited.body.retryAfterSeconds).toBe(60);
  });

  it('GET /timeback/health is up', async () => {
    await request(app.getHttpServer()).get('/timeback/health').expect(200);
  });

  it('raw QTI calls list and fetch stimuli', async () => {
    const list = await request(app.getHttpServer()).get('/content/stimuli').expect(200);
    expect(list.body).toMatchObject({ total: sandbox.stimuli.length, page: 1, pages: 1, limit: 10, order: 'desc' });
    const id = sandbox.stimuli[0].identifier;
    const one = await request(app.getHttpServer()).get(`/content/stimuli/${id}`).expect(200);
    expect(one.body.identifier).toBe(id);
    await request(app.getHttpServer()).get('/content/stimuli/missing').expect(404);
  });

  it('raw Caliper calls send events, and an invalid envelope is a 400', async () => {
    const before = sandbox.caliperEvents.length;
    const sent = await request(app.getHttpServer()).post('/events').send(event()).expect(200);
    expect(sent.body.status).toBe('success');
    expect(sandbox.caliperEvents).toHaveLength(before + 1);
    const invalid = await request(app.getHttpServer()).post('/events').send({ ...event(), dataVersion: 'v1' }).expect(400);
    expect(invalid.body.error).toBe('TimebackValidationError');
    expect(sandbox.caliperEvents).toHaveLength(before + 1);
  });

  it('stops the sandbox when the app shuts down', async () => {
    const extra = await TimebackSandbox.start({ users: 1 });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ sandbox: extra })] }).compile();
    const other = moduleRef.createNestApplication({ logger: false });
    await other.init();
    await other.close();
    await expect(fetch(`${extra.urls.idpBaseUrl}/health`)).rejects.toThrow();
  });
});
