// Scenario 9, in a process of its own: app.close() with 50 requests in flight, then the process must end by itself.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { RosteringService, TimebackError, TimebackModule } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';

const IN_FLIGHT = 50;
const sandbox = await TimebackSandbox.start({ users: IN_FLIGHT });
const app = await NestFactory.create(TimebackModule.forRoot(sandbox.moduleOptions()), { logger: false });
await app.listen(0, '127.0.0.1');
const rostering = app.get(RosteringService);
await rostering.getUser(sandbox.users[0].sourcedId);

// The first ten get a 503 and are waiting to retry when the app closes; the rest are slow on the wire.
sandbox.faults.status('oneroster', 503, { times: 10 });
sandbox.faults.delay('oneroster', 200, { times: Infinity });
const calls = sandbox.users.map((user) => rostering.getUser(user.sourcedId));
await new Promise((resolve) => setTimeout(resolve, 50));
const closed = app.close();
const settled = await Promise.allSettled(calls);
await closed;
await sandbox.stop();
// Closed handles are released on a later turn of the event loop.
await new Promise((resolve) => setTimeout(resolve, 100));

const failures = settled.filter((r) => r.status === 'rejected').map((r) => r.reason);
const open = process.getActiveResourcesInfo().filter((name) => ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'].includes(name));
process.stdout.write(
  JSON.stringify({
    inFlight: IN_FLIGHT,
    completed: settled.filter((r) => r.status === 'fulfilled').length,
    typed: failures.filter((e) => e instanceof TimebackError).length,
    untyped: failures.filter((e) => !(e instanceof TimebackError)).map((e) => String(e)),
    codes: [...new Set(failures.map((e) => e?.code))],
    open,
  }),
);
