import 'reflect-metadata';
import type { TestingModule } from '@nestjs/testing';
import fc from 'fast-check';
import { RosteringService, TimebackNotFoundError, TimebackValidationError } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { rejectionOf, timebackModule } from '../support/timeback-app.js';

/**
 * Property: any id is either refused before a request, or reaches the sandbox
 * as exactly the users prefix plus one segment that decodes back to the id.
 */
const PREFIX = '/ims/oneroster/rostering/v1p2/users/';
const SPECIAL = ['/', '\\', '%', '%2F', '%2e', '?', '#', '.', '..', '&', '=', '+', ' ', ';', ':', '@', '\u0000', '\n', '\r', '\t', '\u007f', '\u0085', '\ud800', '\udfff', '\u202e', '\ufeff'];
const ids = fc.string({
  unit: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  maxLength: 12,
});

let sandbox: TimebackSandbox;
let moduleRef: TestingModule;
beforeAll(async () => {
  sandbox = await TimebackSandbox.start({ users: 1 });
  moduleRef = await timebackModule(sandbox, { maxRetries: 0 });
});
afterAll(async () => {
  await moduleRef.close();
  await sandbox.stop();
});

it('sends every id as one segment or refuses it before any request (10,000 runs)', async () => {
  const rostering = moduleRef.get(RosteringService);
  await rostering.getUser(sandbox.users[0].sourcedId);
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(ids, async (id) => {
      const before = sandbox.stats.recent.length;
      const last = sandbox.stats.recent.at(-1);
      const error = await rejectionOf(rostering.getUser(id));
      if (error instanceof TimebackValidationError) {
        refused += 1;
        expect(sandbox.stats.recent.at(-1)).toBe(last);
        return;
      }
      expect(error).toBeInstanceOf(TimebackNotFoundError);
      const sent = sandbox.stats.recent.at(-1)!;
      expect(sandbox.stats.recent.length === before + 1 || sent !== last).toBe(true);
      expect(sent.url.startsWith(PREFIX)).toBe(true);
      const segment = sent.url.slice(PREFIX.length);
      expect(segment).not.toMatch(/[/?#]/);
      expect(decodeURIComponent(segment)).toBe(id);
    }),
    { numRuns: Number(process.env.PROP_RUNS ?? 10_000) },
  );
  expect(refused).toBeGreaterThan(0);
}, 180_000);
