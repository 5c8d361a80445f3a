import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import axios from 'axios';
import request from 'supertest';
import {
  InjectCaliperHttp,
  InjectOneRosterHttp,
  InjectQtiHttp,
  InjectTimebackSettings,
  OneRosterService,
  RosteringService,
  TIMEBACK_CALIPER_HTTP,
  TIMEBACK_ONEROSTER_HTTP,
  TIMEBACK_QTI_HTTP,
  TIMEBACK_SETTINGS,
  TimebackModule,
  type TimebackModuleOptions,
  type TimebackOptionsFactory,
  type TimebackSettings,
  TimebackTokenProvider,
} from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';

let sandbox: TimebackSandbox;
beforeAll(async () => {
  sandbox = await TimebackSandbox.start({ users: 3 });
});
afterAll(() => sandbox.stop());

@Injectable()
class OptionsFactory implements TimebackOptionsFactory {
  createTimebackOptions(): TimebackModuleOptions {
    return sandbox.moduleOptions();
  }
}

@Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
class OptionsModule {}

@Injectable()
class Consumer {
  constructor(
    @InjectTimebackSettings() readonly settings: TimebackSettings,
    @InjectOneRosterHttp() readonly oneRoster: HttpService,
    @InjectQtiHttp() readonly qti: HttpService,
    @InjectCaliperHttp() readonly caliper: HttpService,
    readonly rostering: RosteringService,
  ) {}
}

const ways: Array<[string, () => ReturnType<typeof TimebackModule.forRoot>]> = [
  ['forRoot', () => TimebackModule.forRoot(sandbox.moduleOptions())],
  ['forRootAsync useFactory', () => TimebackModule.forRootAsync({ useFactory: () => sandbox.moduleOptions() })],
  ['forRootAsync useFactory with inject', () =>
    TimebackModule.forRootAsync({ imports: [OptionsModule], inject: [OptionsFactory], useFactory: (f: OptionsFactory) => f.createTimebackOptions() })],
  ['forRootAsync useClass', () => TimebackModule.forRootAsync({ useClass: OptionsFactory })],
  ['forRootAsync useExisting', () => TimebackModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory })],
];

describe.each(ways)('TimebackModule.%s', (_name, register) => {
  it('wires settings, three distinct HttpServices on their own axios instances, and the services', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [register()], providers: [Consumer] }).compile();
    await moduleRef.init();
    const consumer = moduleRef.get(Consumer);

    expect(consumer.settings.apiBaseUrl).toBe(sandbox.urls.apiBaseUrl);
    const clients = [consumer.oneRoster, consumer.qti, consumer.caliper];
    expect(new Set(clients).size).toBe(3);
    expect(new Set(clients.map((client) => client.axiosRef)).size).toBe(3);
    for (const client of clients) expect(client.axiosRef).not.toBe(axios);
    expect(clients.map((client) => client.axiosRef.defaults.baseURL)).toEqual([
      sandbox.urls.apiBaseUrl,
      sandbox.urls.qtiApiBaseUrl,
      sandbox.urls.caliperApiBaseUrl,
    ]);
    expect(moduleRef.get(TIMEBACK_ONEROSTER_HTTP)).toBe(consumer.oneRoster);
    expect(moduleRef.get(TIMEBACK_QTI_HTTP)).toBe(consumer.qti);
    expect(moduleRef.get(TIMEBACK_CALIPER_HTTP)).toBe(consumer.caliper);
    expect(moduleRef.get(OneRosterService).rostering).toBe(consumer.rostering);
    expect(moduleRef.get(TIMEBACK_SETTINGS)).toBe(consumer.settings);

    const user = await consumer.rostering.getUser(sandbox.users[1].sourcedId);
    expect(user.givenName).toBe(sandbox.users[1].givenName);
    await moduleRef.close();
  });

  it('mounts GET /timeback/health by default', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [register()] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await request(app.getHttpServer()).get('/timeback/health').expect(200);
    await app.close();
  });
});

describe('TimebackModule extras', () => {
  it('leaves the controller out with healthController: false, sync and async', async () => {
    for (const module of [
      TimebackModule.forRoot({ ...sandbox.moduleOptions(), healthController: false }),
      TimebackModule.forRootAsync({ useFactory: () => sandbox.moduleOptions(), healthController: false }),
    ]) {
      const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      await request(app.getHttpServer()).get('/timeback/health').expect(404);
      await app.close();
    }
  });

  it('is visible to other modules only with isGlobal', async () => {
    @Module({ providers: [Consumer] })
    class FeatureModule {}

    const local = await Test.createTestingModule({ imports: [TimebackModule.forRoot(sandbox.moduleOptions()), FeatureModule] })
      .compile()
      .then(
        () => 'compiled',
        (error: Error) => error.message,
      );
    expect(local).toMatch(/can't resolve dependencies/i);

    const global = await Test.createTestingModule({
      imports: [TimebackModule.forRoot({ ...sandbox.moduleOptions(), isGlobal: true }), FeatureModule],
    }).compile();
    expect(global.get(Consumer).settings.clientId).toBe(sandbox.clientId);
    await global.close();
  });

  it('gives each module instance its own token provider and leaves the global axios untouched', async () => {
    const before = [axios.interceptors.request, axios.interceptors.response].map((chain) => JSON.stringify(chain));
    const first = await Test.createTestingModule({ imports: [TimebackModule.forRoot(sandbox.moduleOptions())] }).compile();
    const second = await Test.createTestingModule({ imports: [TimebackModule.forRoot(sandbox.moduleOptions())] }).compile();
    expect(first.get(TimebackTokenProvider)).not.toBe(second.get(TimebackTokenProvider));
    expect([axios.interceptors.request, axios.interceptors.response].map((chain) => JSON.stringify(chain))).toEqual(before);
    await first.close();
    await second.close();
  });
});
