import type { ServerResponse } from 'node:http';
import type { OneRosterUser } from '../oneroster/oneroster.models.js';
import { imsxError } from './imsx.js';
import { FilterSyntaxError, matchesFilter, orderOf, parseFilter, valuesAt } from './oneroster-filter.js';
import { sendJson } from './sandbox-http.js';

export const ROSTERING_PREFIX = '/ims/oneroster/rostering/v1p2';
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 3000;

/** Every property of the spec's `User` schema: what `fields`, `sort` and `filter` may name. */
export const USER_FIELDS: ReadonlySet<string> = new Set([
  'sourcedId', 'status', 'dateLastModified', 'metadata', 'userMasterIdentifier', 'username', 'userIds', 'enabledUser',
  'givenName', 'familyName', 'middleName', 'roles', 'agents', 'userProfiles', 'primaryOrg', 'identifier', 'email',
  'preferredFirstName', 'preferredMiddleName', 'preferredLastName', 'pronouns', 'grades', 'password', 'sms', 'phone',
  'demographics',
]);

class BadRequest extends Error {}

/** Users, by id and in order, with the `GET /users` and `GET /users/{sourcedId}` routes. */
export class SandboxRoster {
  private readonly byId: Map<string, OneRosterUser>;

  constructor(readonly users: readonly OneRosterUser[]) {
    this.byId = new Map(users.map((user) => [user.sourcedId, user]));
  }

  /** Answers a rostering request and returns the route template it matched. */
  handle(method: string, url: URL, rawPath: string, res: ServerResponse): string {
    const rest = rawPath.slice(ROSTERING_PREFIX.length);
    try {
      if (method === 'GET' && (rest === '/users' || rest === '/users/')) {
        sendJson(res, 200, this.list(url.searchParams));
        return `${ROSTERING_PREFIX}/users`;
      }
      const single = /^\/users\/([^/]+)$/.exec(rest);
      if (method === 'GET' && single) {
        this.getOne(single[1], url.searchParams, res);
        return `${ROSTERING_PREFIX}/users/{sourcedId}`;
      }
    } catch (error) {
      if (!(error instanceof BadRequest || error instanceof FilterSyntaxError)) throw error;
      sendJson(res, 400, imsxError(400, error.message));
      return `${ROSTERING_PREFIX}${rest.startsWith('/users/') ? '/users/{sourcedId}' : '/users'}`;
    }
    sendJson(res, 404, imsxError(404, `No route for ${method} ${rawPath}`));
    return 'unmatched';
  }

  private getOne(segment: string, query: URLSearchParams, res: ServerResponse): void {
    let sourcedId: string;
    try {
      sourcedId = decodeURIComponent(segment);
    } catch {
      throw new BadRequest('The sourcedId is not valid percent-encoding');
    }
    const fields = parseFields(query.get('fields'));
    const user = this.byId.get(sourcedId);
    if (!user) {
      sendJson(res, 404, imsxError(404, `User ${sourcedId} not found`));
      return;
    }
    sendJson(res, 200, { user: project(user, fields) });
  }

  private list(query: URLSearchParams) {
    const limit = integerParam(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
    const offset = integerParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const fields = parseFields(query.get('fields'));
    const filterSource = query.get('filter');
    const filter = filterSource ? parseFilter(filterSource, USER_FIELDS) : undefined;
    const search = query.get('search')?.trim().toLowerCase();
    const sort = query.get('sort') ?? undefined;
    if (sort !== undefined && !USER_FIELDS.has(sort.split('.')[0])) throw new BadRequest(`Unknown sort field "${sort}"`);
    const orderBy = query.get('orderBy') ?? 'asc';
    if (orderBy !== 'asc' && orderBy !== 'desc') throw new BadRequest('orderBy must be asc or desc');

    let matched = this.users.filter(
      (user) =>
        (!filter || matchesFilter(user, filter)) &&
        (!search || [user.givenName, user.familyName, user.email ?? ''].some((value) => value.toLowerCase().includes(search))),
    );
    if (sort) {
      const direction = orderBy === 'desc' ? -1 : 1;
      const key = (user: OneRosterUser) => String(valuesAt(user, sort)[0] ?? '');
      matched = [...matched].sort((a, b) => direction * orderOf(key(a), key(b)));
    }
    const totalCount = matched.length;
    return {
      users: matched.slice(offset, offset + limit).map((user) => project(user, fields)),
      totalCount,
      pageCount: Math.ceil(totalCount / limit),
      pageNumber: Math.floor(offset / limit) + 1,
      offset,
      limit,
    };
  }
}

function integerParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} must be a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new BadRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

function parseFields(raw: string | null): string[] | undefined {
  if (raw === null) return undefined;
  const fields = raw.split(',').map((field) => field.trim()).filter(Boolean);
  if (fields.length === 0) throw new BadRequest('fields must name at least one field');
  const unknown = fields.filter((field) => !USER_FIELDS.has(field));
  if (unknown.length > 0) throw new BadRequest(`Unknown fields: ${unknown.join(', ')}`);
  return fields;
}

function project(user: OneRosterUser, fields: string[] | undefined): Partial<OneRosterUser> {
  if (!fields) return user;
  return Object.fromEntries(fields.filter((field) => field in user).map((field) => [field, user[field as keyof OneRosterUser]]));
}
