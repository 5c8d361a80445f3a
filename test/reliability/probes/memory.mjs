// Scenario 10, in a process of its own under --expose-gc: heap growth over many cached-token calls.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { RosteringService, TimebackModule } from 'nestjs-timeback';

const [optionsJson, callsArg, idsJson] = process.argv.slice(2);
const CALLS = Number(callsArg);
const ids = JSON.parse(idsJson);
const CONCURRENCY = 8;
const heapMb = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const moduleRef = await Test.createTestingModule({ imports: [TimebackModule.forRoot(JSON.parse(optionsJson))] }).compile();
await moduleRef.init();
const rostering = moduleRef.get(RosteringService);
let next = 0;
const run = (calls) =>
  Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < calls) await rostering.getUser(ids[next++ % ids.length]);
    }),
  );

await run(2_000);
const before = heapMb();
next = 0;
await run(CALLS);
const after = heapMb();
await moduleRef.close();
process.stdout.write(JSON.stringify({ calls: CALLS, beforeMb: before, afterMb: after, growthMb: after - before }));
