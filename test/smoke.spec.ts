import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { RosteringService, TimebackModule } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';

describe('smoke', () => {
  it('gets a user through the module from the sandbox', async () => {
    const sandbox = await TimebackSandbox.start({ users: 5 });
    const moduleRef = await Test.createTestingModule({ imports: [TimebackModule.forRoot(sandbox.moduleOptions())] }).compile();
    await moduleRef.init();
    const user = await moduleRef.get(RosteringService).getUser(sandbox.users[0].sourcedId);
    expect(user.sourcedId).toBe(sandbox.users[0].sourcedId);
    await moduleRef.close();
    await sandbox.stop();
  });
});
