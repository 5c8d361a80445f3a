import { registerAs } from '@nestjs/config';
import { timebackOptionsFromEnv } from './resolve-timeback-settings.js';

/**
 * A `@nestjs/config` namespace holding the `TIMEBACK_*` variables as module
 * options: `TimebackModule.forRootAsync(timebackConfig.asProvider())`.
 */
export const timebackConfig = registerAs('timeback', () => timebackOptionsFromEnv());
