import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { unwrapEnvelope } from '../http/envelope.js';
import { encodePathSegment } from '../http/path-segment.js';
import { Redactor } from '../http/redaction.js';
import { InjectOneRosterHttp } from '../timeback.decorators.js';
import type { GetUserOptions, OneRosterUser } from './oneroster.models.js';

export const ROSTERING_PATH = 'ims/oneroster/rostering/v1p2';

/** OneRoster 1.2 rostering: users, orgs, classes, enrollments. */
@Injectable()
export class RosteringService {
  constructor(
    @InjectOneRosterHttp() private readonly http: HttpService,
    private readonly redactor: Redactor,
  ) {}

  /** `GET /users/{sourcedId}`, unwrapped from its `{ user }` envelope. */
  async getUser(sourcedId: string, opts: GetUserOptions = {}): Promise<OneRosterUser> {
    const path = `${ROSTERING_PATH}/users/${encodePathSegment(sourcedId, 'sourcedId')}`;
    const params = opts.fields?.length ? { fields: opts.fields.join(',') } : undefined;
    // axiosRef, not the Observable wrapper: same instance and interceptors, without a CancelToken
    // and a CanceledError built for every completed call (see the README's Performance section).
    const response = await this.http.axiosRef.get(path, { params });
    return unwrapEnvelope<OneRosterUser>(response, 'user', this.redactor);
  }
}
