import 'reflect-metadata';
import type { TestingModule } from '@nestjs/testing';
import { type OneRosterUser, RosteringService, TimebackValidationError } from 'nestjs-timeback';
import { generateUsers, TimebackSandbox } from 'nestjs-timeback/testing';
import { json, startStub } from './support/stub-server.js';
import { timebackModule } from './support/timeback-app.js';

const ODD_IDS = ['a/b', 'with space', 'ünïcödé-ユーザー', '%2F..%2F', 'q?x=1#frag', 'back\\slash', '.hidden', '...', '😀'];

let sandbox: TimebackSandbox;
let moduleRef: TestingModule;
let rostering: RosteringService;

beforeAll(async () => {
  const [template] = generateUsers(1, 7, 'http://127.0.0.1/');
  const users: OneRosterUser[] = ODD_IDS.map((sourcedId, i) => ({ ...template, sourcedId, givenName: `Odd${i}` }));
  sandbox = await TimebackSandbox.start({ users });
  moduleRef = await timebackModule(sandbox);
  rostering = moduleRef.get(RosteringService);
});
afterAll(async () => {
  await moduleRef.close();
  await sandbox.stop();
});

describe('RosteringService.getUser', () => {
  it.each(ODD_IDS.map((id, i) => [id, i]))('sends %p as one encoded path segment', async (id, i) => {
    sandbox.resetStats();
    const user = await rostering.getUser(id as string);
    expect(user.givenName).toBe(`Odd${i}`);
    const [sent] = sandbox.stats.recent.filter((r) => r.service === 'oneroster');
    expect(sent.url).toBe(`/ims/oneroster/rostering/v1p2/users/${encodeURIComponent(id as string)}`);
  });

  it.each([[''], ['.'], ['..'], ['a\u0000b'], ['line\nbreak'], ['del\u007f'], ['\ud800'], [42]])(
    'refuses %p before any request',
    async (id) => {
      sandbox.resetStats();
      await expect(rostering.getUser(id as string)).rejects.toBeInstanceOf(TimebackValidationError);
      expect(sandbox.stats.recent).toHaveLength(0);
    },
  );

  it('projects fields with ?fields=', async () => {
    sandbox.resetStats();
    const user = await rostering.getUser('a/b', { fields: ['sourcedId', 'givenName'] });
    expect(user).toEqual({ sourcedId: 'a/b', givenName: 'Odd0' });
    expect(sandbox.stats.recent.at(-1)!.url).toBe('/ims/oneroster/rostering/v1p2/users/a%2Fb?fields=sourcedId,givenName');
  });

  it('sends Accept, User-Agent and a bearer', async () => {
    const api = await startStub((_req, res) => json(res, 200, { user: { sourcedId: 'x' } }));
    const ref = await timebackModule(sandbox, { apiBaseUrl: api.url });
    await ref.get(RosteringService).getUser('x');
    const { headers } = api.requests[0];
    expect(headers.accept).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^nestjs-timeback\/\d+\.\d+\.\d+ node\//);
    expect(headers.authorization).toMatch(/^Bearer [\w-]{20,}$/);
    await ref.close();
    await api.close();
  });
});
