import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { TIMEBACK_ENV_VARS, TimebackExceptionFilter, TimebackModule, type TimebackModuleOptions } from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { ContentController } from './content.controller.js';
import { UsersController } from './users.controller.js';

@Injectable()
class SandboxLifecycle implements OnApplicationShutdown {
  constructor(private readonly sandbox: TimebackSandbox) {}

  onApplicationShutdown(): Promise<void> {
    return this.sandbox.stop();
  }
}

/** Module options from `ConfigService`, which reads `.env` and the process environment. */
function optionsFromConfig(config: ConfigService): TimebackModuleOptions {
  const entries = Object.entries(TIMEBACK_ENV_VARS).map(([option, variable]) => [option, config.get<string>(variable)]);
  return { ...Object.fromEntries(entries), env: {} };
}

@Module({})
export class AppModule {
  static register({ sandbox }: { sandbox?: TimebackSandbox } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: sandbox !== undefined }),
        TimebackModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => sandbox?.moduleOptions() ?? optionsFromConfig(config),
        }),
      ],
      controllers: [UsersController, ContentController],
      providers: [
        { provide: APP_FILTER, useClass: TimebackExceptionFilter },
        ...(sandbox ? [{ provide: TimebackSandbox, useValue: sandbox }, SandboxLifecycle] : []),
      ],
    };
  }
}
