import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, TimebackSandbox } from 'nestjs-timeback/testing';

/**
 * The sandbox's answers, validated against Timeback's own OpenAPI documents:
 * the schemas are the ground truth, the sandbox must match. The documents are
 * kept in test/fixtures/specs so a fresh clone can run this; where the shared
 * copy (../shared/specs) is beside the checkout, the two must be identical.
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/specs/', import.meta.url));
const SHARED = fileURLToPath(new URL('../../shared/specs/', import.meta.url));
const SPEC_FILES = ['oneroster-api.yaml', 'qti-api.yaml', 'caliper-api.yaml'];
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

type Json = Record<string, unknown>;

function loadSpec(file: string): Json {
  return parse(readFileSync(`${FIXTURES}${file}`, 'utf8'), { maxAliasCount: -1 }) as Json;
}

/** Points every local `#/components/...` reference at the registered document. */
function rebase(value: unknown, id: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rebase(item, id));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' && item.startsWith('#') ? `${id}${item}` : rebase(item, id)]),
  );
}

class SpecValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(
    private readonly id: string,
    private readonly spec: Json,
  ) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: id, components: rebase(spec.components, id) });
  }

  response(path: string, method: string, status: number): ValidateFunction {
    const operation = (this.spec.paths as Json)[path] as Json;
    const response = ((operation[method] as Json).responses as Json)[String(status)] as Json;
    const schema = ((response.content as Json)['application/json'] as Json).schema;
    return this.ajv.compile(rebase(schema, this.id) as Json);
  }
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  const valid = validate(body);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

let sandbox: TimebackSandbox;
let token: string;
const oneRoster = new SpecValidator('oneroster', loadSpec('oneroster-api.yaml'));
const qtiSpec = new SpecValidator('qti', loadSpec('qti-api.yaml'));
const caliperSpec = new SpecValidator('caliper', loadSpec('caliper-api.yaml'));
const USERS = '/ims/oneroster/rostering/v1p2/users/';
const USER = '/ims/oneroster/rostering/v1p2/users/{sourcedId}';

async function get(base: string, path: string, bearer: string | null = token) {
  const response = await fetch(`${base}${path}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  sandbox = await TimebackSandbox.start();
  const response = await fetch(`${sandbox.urls.idpBaseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET }),
  });
  token = ((await response.json()) as { access_token: string }).access_token;
});
afterAll(() => sandbox.stop());

const api = () => sandbox.urls.apiBaseUrl.replace(/\/$/, '');

describe('the spec snapshot', () => {
  it.each(SPEC_FILES)('%s matches the shared copy when one is beside the checkout', (file) => {
    if (!existsSync(`${SHARED}${file}`)) return;
    expect(readFileSync(`${FIXTURES}${file}`, 'utf8')).toBe(readFileSync(`${SHARED}${file}`, 'utf8'));
  });
});

describe('OneRoster contract', () => {
  it('GET /users/{sourcedId} 200 matches { user: User } for every generated user', async () => {
    const validate = oneRoster.response(USER, 'get', 200);
    for (const user of sandbox.users.slice(0, 200)) {
      const { status, body } = await get(api(), `/ims/oneroster/rostering/v1p2/users/${user.sourcedId}`);
      expect(status).toBe(200);
      expectValid(validate, body);
    }
  });

  it('GET /users 200 matches the list envelope', async () => {
    const validate = oneRoster.response(USERS, 'get', 200);
    for (const query of ['', '?limit=3000', '?limit=7&offset=21&sort=familyName&orderBy=desc', "?filter=status%3D'active'"]) {
      const { status, body } = await get(api(), `/ims/oneroster/rostering/v1p2/users${query}`);
      expect(status).toBe(200);
      expectValid(validate, body);
    }
  });

  it.each([
    [400, '/ims/oneroster/rostering/v1p2/users?limit=0', USERS],
    [400, "/ims/oneroster/rostering/v1p2/users?filter=status%3D'active", USERS],
    [404, '/ims/oneroster/rostering/v1p2/users/no-such-id', USER],
  ])('error %i matches its imsx schema (%s)', async (status, path, specPath) => {
    const answer = await get(api(), path);
    expect(answer.status).toBe(status);
    expectValid(oneRoster.response(specPath, 'get', status), answer.body);
  });

  it('401 matches UnauthorizedRequestResponse', async () => {
    const answer = await get(api(), `/ims/oneroster/rostering/v1p2/users/${sandbox.users[0].sourcedId}`, null);
    expect(answer.status).toBe(401);
    expectValid(oneRoster.response(USER, 'get', 401), answer.body);
  });

  it.each([403, 422, 429, 500])('a %i fault matches its imsx schema', async (status) => {
    sandbox.faults.status('oneroster', status);
    const answer = await get(api(), `/ims/oneroster/rostering/v1p2/users/${sandbox.users[0].sourcedId}`);
    expect(answer.status).toBe(status);
    expectValid(oneRoster.response(USER, 'get', status), answer.body);
  });
});

describe('QTI and Caliper contracts', () => {
  it('GET /stimuli and /stimuli/{identifier} match the QTI spec', async () => {
    expectValid(qtiSpec.response('/stimuli', 'get', 200), (await get(sandbox.urls.qtiApiBaseUrl, '/stimuli?limit=3')).body);
    expectValid(qtiSpec.response('/stimuli/{identifier}', 'get', 200), (await get(sandbox.urls.qtiApiBaseUrl, '/stimuli/stimulus-volcanoes')).body);
    const missing = await get(sandbox.urls.qtiApiBaseUrl, '/stimuli/none');
    expect(missing.status).toBe(404);
    expectValid(qtiSpec.response('/stimuli/{identifier}', 'get', 404), missing.body);
  });

  it('POST /caliper/event and /validate answers match the Caliper spec', async () => {
    const envelope = {
      sensor: 'https://example.edu/sensor',
      sendTime: new Date().toISOString(),
      dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
      data: [{ id: 'urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594', type: 'Event', actor: 'a', action: 'Created', object: 'o', eventTime: new Date().toISOString() }],
    };
    for (const path of ['/caliper/event', '/caliper/event/validate']) {
      for (const [body, status] of [[envelope, 200], [{ ...envelope, data: [] }, 400]] as const) {
        const response = await fetch(`${sandbox.urls.caliperApiBaseUrl}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(response.status).toBe(status);
        expectValid(caliperSpec.response(path, 'post', status), await response.json());
      }
    }
  });
});
