import { generateUsers, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, TimebackSandbox } from 'nestjs-timeback/testing';

let sandbox: TimebackSandbox;
let token: string;
const ROSTER = '/ims/oneroster/rostering/v1p2';

async function requestToken(body: string, headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }) {
  const response = await fetch(`${sandbox.urls.idpBaseUrl}/oauth2/token`, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const credentials = () => ({ client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET });

async function api(path: string, init: RequestInit & { bearer?: string | null } = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.bearer !== null) headers.Authorization = `Bearer ${init.bearer ?? token}`;
  const response = await fetch(`${sandbox.urls.apiBaseUrl.replace(/\/$/, '')}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const list = async (query: string) => (await api(`${ROSTER}/users?${query}`)).body;

beforeAll(async () => {
  sandbox = await TimebackSandbox.start();
  token = (await requestToken(form({ grant_type: 'client_credentials', ...credentials() }))).body.access_token as string;
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.faults.clear());

describe('IdP', () => {
  it('issues an opaque bearer token with no-store', async () => {
    const { status, headers, body } = await requestToken(form({ grant_type: 'client_credentials', ...credentials(), scope: 'a b' }));
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^[\w-]{32}$/), expires_in: 3600, token_type: 'Bearer' });
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`${SANDBOX_CLIENT_ID}:${SANDBOX_CLIENT_SECRET}`).toString('base64');
    const { status } = await requestToken(form({ grant_type: 'client_credentials' }), {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${basic}`,
    });
    expect(status).toBe(200);
  });

  it.each([
    ['a JSON body', JSON.stringify({ grant_type: 'client_credentials' }), { 'Content-Type': 'application/json' }, 415, 'invalid_request'],
    ['no grant_type', form(credentials()), undefined, 400, 'invalid_request'],
    ['another grant', form({ grant_type: 'password', ...credentials() }), undefined, 400, 'unsupported_grant_type'],
    ['no credentials', form({ grant_type: 'client_credentials' }), undefined, 401, 'invalid_client'],
    ['a wrong secret', form({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'nope' }), undefined, 401, 'invalid_client'],
  ])('answers %s with RFC 6749 §5.2 errors', async (_name, body, headers, status, error) => {
    const answer = await requestToken(body, headers);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error, error_description: expect.any(String) });
  });
});

describe('OneRoster users', () => {
  it('answers GET /users/{id} with { user } and an x-request-id', async () => {
    const user = sandbox.users[10];
    const { status, headers, body } = await api(`${ROSTER}/users/${user.sourcedId}`);
    expect(status).toBe(200);
    expect(body).toEqual({ user });
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown id with 404 unknownobject', async () => {
    const { status, body } = await api(`${ROSTER}/users/nope`);
    expect(status).toBe(404);
    expect(body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unknownobject');
  });

  it.each([
    ['no token', null, 'missing'],
    ['an unknown token', 'forged', 'unknown'],
  ])('answers %s with 401 and WWW-Authenticate', async (_name, bearer, reason) => {
    const before = sandbox.stats.tokenRejections[reason as 'missing'];
    const { status, headers, body } = await api(`${ROSTER}/users/${sandbox.users[0].sourcedId}`, { bearer });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
    expect(sandbox.stats.tokenRejections[reason as 'missing']).toBe(before + 1);
  });

  it('refuses expired and revoked tokens from the moment they are so', async () => {
    const fresh = async () => (await requestToken(form({ grant_type: 'client_credentials', ...credentials() }))).body.access_token as string;
    const a = await fresh();
    sandbox.expireTokens();
    expect((await api(`${ROSTER}/users/${sandbox.users[0].sourcedId}`, { bearer: a })).status).toBe(401);
    expect(sandbox.stats.tokenRejections.expired).toBeGreaterThanOrEqual(1);
    const b = await fresh();
    expect((await api(`${ROSTER}/users/${sandbox.users[0].sourcedId}`, { bearer: b })).status).toBe(200);
    sandbox.revokeTokens();
    expect((await api(`${ROSTER}/users/${sandbox.users[0].sourcedId}`, { bearer: b })).status).toBe(401);
    expect(sandbox.stats.tokenRejections.revoked).toBe(1);
    token = await fresh();
  });

  it('pages with totalCount, pageCount and a 1-based pageNumber', async () => {
    expect(await list('limit=100')).toMatchObject({ totalCount: 1000, pageCount: 10, pageNumber: 1, offset: 0, limit: 100 });
    const page = await list('limit=300&offset=600');
    expect(page).toMatchObject({ totalCount: 1000, pageCount: 4, pageNumber: 3, offset: 600, limit: 300 });
    expect(page.users.map((u: { sourcedId: string }) => u.sourcedId)).toEqual(sandbox.users.slice(600, 900).map((u) => u.sourcedId));
    expect((await list('offset=990')).users).toHaveLength(10);
    expect(await list('offset=5000')).toMatchObject({ users: [], totalCount: 1000, pageNumber: 51 });
    expect(await list('')).toMatchObject({ limit: 100, offset: 0 });
    expect((await list('limit=3000')).users).toHaveLength(1000);
  });

  it.each(['limit=0', 'limit=3001', 'limit=ten', 'offset=-1', 'fields=sourcedId,shoeSize', 'sort=shoeSize', 'orderBy=up'])(
    'answers %s with 400 invaliddata',
    async (query) => {
      const { status, body } = await api(`${ROSTER}/users?${query}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'invaliddata' }] } });
    },
  );

  const filtered = async (filter: string) => (await list(`limit=3000&filter=${encodeURIComponent(filter)}`)).users as typeof sandbox.users;

  it.each([
    ["status='active'", (u: (typeof sandbox.users)[number]) => u.status === 'active'],
    ["status!='active'", (u: (typeof sandbox.users)[number]) => u.status !== 'active'],
    ["dateLastModified>'2025-06-01'", (u: (typeof sandbox.users)[number]) => u.dateLastModified! > '2025-06-01'],
    ["dateLastModified>='2025-06-01'", (u: (typeof sandbox.users)[number]) => u.dateLastModified! >= '2025-06-01'],
    ["dateLastModified<'2025-03-01'", (u: (typeof sandbox.users)[number]) => u.dateLastModified! < '2025-03-01'],
    ["dateLastModified<='2025-03-01'", (u: (typeof sandbox.users)[number]) => u.dateLastModified! <= '2025-03-01'],
    ["familyName~'SIL'", (u: (typeof sandbox.users)[number]) => u.familyName.toLowerCase().includes('sil')],
    ["givenName@'Ava,Noah'", (u: (typeof sandbox.users)[number]) => ['Ava', 'Noah'].includes(u.givenName)],
    ["roles.role='teacher'", (u: (typeof sandbox.users)[number]) => u.roles.some((r) => r.role === 'teacher')],
    ["enabledUser='false' AND status='active'", (u: (typeof sandbox.users)[number]) => u.enabledUser === 'false' && u.status === 'active'],
    ["givenName='Ava' OR givenName='Kai' AND status='active'", (u: (typeof sandbox.users)[number]) =>
      u.givenName === 'Ava' || (u.givenName === 'Kai' && u.status === 'active')],
    ["familyName='O''Neill'", (u: (typeof sandbox.users)[number]) => u.familyName === "O'Neill"],
  ])('filters %s', async (filter, predicate) => {
    const expected = sandbox.users.filter(predicate).map((u) => u.sourcedId);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(1000);
    expect((await filtered(filter)).map((u) => u.sourcedId)).toEqual(expected);
  });

  it.each(["status='active", "status = active", "status='active' XOR status='x'", "shoeSize='9'", "status=='active'", ''])(
    'answers the malformed filter %p with 400',
    async (filter) => {
      if (filter === '') return expect((await api(`${ROSTER}/users?filter=`)).status).toBe(200);
      expect((await api(`${ROSTER}/users?filter=${encodeURIComponent(filter)}`)).status).toBe(400);
    },
  );

  it('projects fields, sorts and searches', async () => {
    const projected = await list('limit=2&fields=sourcedId,givenName');
    expect(projected.users).toEqual(sandbox.users.slice(0, 2).map(({ sourcedId, givenName }) => ({ sourcedId, givenName })));
    const sorted = (await list('limit=3000&sort=familyName&orderBy=desc&fields=familyName')).users.map((u: { familyName: string }) => u.familyName);
    expect(sorted).toEqual([...sorted].sort().reverse());
    const found = (await list('limit=3000&search=müller')).users as typeof sandbox.users;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((u) => u.familyName === 'Müller')).toBe(true);
  });

  it('generates the same roster for the same seed, and a different one for another', async () => {
    const url = sandbox.urls.apiBaseUrl;
    expect(generateUsers(50, 42, url)).toEqual(sandbox.users.slice(0, 50));
    expect(generateUsers(5, 43, url)).not.toEqual(sandbox.users.slice(0, 5));
    const roles = new Set(sandbox.users.map((u) => u.roles[0].role));
    expect([...roles].sort()).toEqual(['administrator', 'parent', 'student', 'teacher']);
    expect(new Set(sandbox.users.map((u) => u.enabledUser))).toEqual(new Set(['true', 'false']));
    expect(new Set(sandbox.users.map((u) => u.sourcedId)).size).toBe(1000);
  });
});

describe('QTI and Caliper', () => {
  const qti = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${sandbox.urls.qtiApiBaseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
    return { status: response.status, body: (await response.json()) as any };
  };
  const caliper = async (path: string, body: unknown) => {
    const response = await fetch(`${sandbox.urls.caliperApiBaseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const envelope = (overrides: Record<string, unknown> = {}, event: Record<string, unknown> = {}) => ({
    sensor: 'https://example.edu/sensor',
    sendTime: '2025-07-23T00:10:22.328Z',
    dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
    data: [
      {
        id: 'urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594',
        type: 'Event',
        actor: 'https://example.edu/users/554433',
        action: 'Created',
        object: 'https://example.edu/assignments/1',
        eventTime: '2023-08-15T14:12:00.000Z',
        ...event,
      },
    ],
    ...overrides,
  });

  it('lists stimuli with the spec envelope, and fetches one', async () => {
    const { body } = await qti('/stimuli?limit=2&sort=title&order=asc');
    expect(body).toMatchObject({ total: 5, page: 1, pages: 3, limit: 2, sort: 'title', order: 'asc' });
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['How Volcanoes Form', 'Life on the Nile']);
    expect((await qti('/stimuli?query=water')).body.total).toBe(1);
    expect((await qti('/stimuli/stimulus-fractions')).body.title).toBe('Sharing a Pizza');
    expect((await qti('/stimuli/none')).status).toBe(404);
  });

  it('validates and keeps Caliper events', async () => {
    expect(await caliper('/caliper/event/validate', envelope())).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(sandbox.caliperEvents).toHaveLength(0);
    expect(await caliper('/caliper/event', envelope())).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(sandbox.caliperEvents).toEqual([envelope()]);
  });

  it.each([
    ['a wrong dataVersion', envelope({ dataVersion: 'v1p1' }), 'dataVersion'],
    ['no sensor', envelope({ sensor: undefined }), 'sensor'],
    ['no events', envelope({ data: [] }), 'data'],
    ['an event id that is not a urn:uuid', envelope({}, { id: 'event-1' }), 'data[0].id'],
    ['an event without actor', envelope({}, { actor: undefined }), 'data[0].actor'],
  ])('refuses %s with 400 and the errors', async (_name, body, path) => {
    const answer = await caliper('/caliper/event', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'error', message: expect.any(String) });
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers its own GET /health on every base without a token', async () => {
    for (const base of [sandbox.urls.idpBaseUrl, sandbox.urls.apiBaseUrl.replace(/\/$/, ''), sandbox.urls.qtiApiBaseUrl, sandbox.urls.caliperApiBaseUrl]) {
      const response = await fetch(`${base}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', sandbox: true });
    }
  });
});

describe('faults', () => {
  const get = () => api(`${ROSTER}/users/${sandbox.users[0].sourcedId}`);

  it('answers with a status N times, with Retry-After and an imsx body', async () => {
    sandbox.faults.status('oneroster', 503, { times: 2, retryAfter: 7 });
    const first = await get();
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('internal_server_error');
    expect((await get()).status).toBe(503);
    expect((await get()).status).toBe(200);
  });

  it('matches by method and path', async () => {
    sandbox.faults.status('oneroster', 500, { match: { method: 'GET', path: /\/users\?/ } });
    expect((await get()).status).toBe(200);
    expect((await api(`${ROSTER}/users?limit=1`)).status).toBe(500);
  });

  it('delays a response', async () => {
    sandbox.faults.delay('oneroster', 300);
    const started = performance.now();
    expect((await get()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('resets the connection mid-response', async () => {
    sandbox.faults.reset('oneroster');
    await expect(get()).rejects.toThrow();
    expect((await get()).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    sandbox.faults.hang('oneroster');
    await expect(fetch(`${sandbox.urls.apiBaseUrl}x`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(sandbox.faults.pending('oneroster')).toBe(0);
  });

  it('applies per service', async () => {
    sandbox.faults.status('qti', 500);
    expect((await get()).status).toBe(200);
    expect(sandbox.faults.pending('qti')).toBe(1);
  });

  it('stops with hung connections open', async () => {
    const other = await TimebackSandbox.start({ users: 1 });
    other.faults.hang('idp', { times: Infinity });
    const hung = fetch(`${other.urls.idpBaseUrl}/oauth2/token`, { method: 'POST' }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.stop();
    expect(String(await hung)).toMatch(/fetch failed/);
  });
});
