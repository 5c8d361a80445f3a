import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TimebackModuleOptions } from './config/timeback-options.interface.js';
import { TimebackHealthController } from './health/timeback-health.controller.js';

export interface TimebackModuleExtras {
  /** Register the module globally. Default `false`. */
  isGlobal?: boolean;
  /** Mount `GET /timeback/health`. Default `true`. */
  healthController?: boolean;
}

/** What `forRootAsync({ useClass | useExisting })` takes. */
export interface TimebackOptionsFactory {
  createTimebackOptions(): TimebackModuleOptions | Promise<TimebackModuleOptions>;
}

export const {
  ConfigurableModuleClass: TimebackConfigurableModule,
  MODULE_OPTIONS_TOKEN: TIMEBACK_MODULE_OPTIONS,
  OPTIONS_TYPE: TIMEBACK_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TIMEBACK_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TimebackModuleOptions>({ moduleName: 'Timeback' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTimebackOptions')
  .setExtras<TimebackModuleExtras>({ isGlobal: false, healthController: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    controllers: extras.healthController === false ? [] : [TimebackHealthController],
  }))
  .build();

export type TimebackModuleForRootOptions = typeof TIMEBACK_OPTIONS_TYPE;
export type TimebackModuleAsyncOptions = typeof TIMEBACK_ASYNC_OPTIONS_TYPE;
