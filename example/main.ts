import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { AppModule } from './app.module.js';
import { sandboxBanner } from './sandbox-banner.js';

/** Without credentials (no TIMEBACK_CLIENT_ID, no .env) the app runs against the embedded sandbox, so it works on the first try. */
async function bootstrap(): Promise<void> {
  const sandbox = !process.env.TIMEBACK_CLIENT_ID && !existsSync('.env') ? await TimebackSandbox.start() : undefined;
  const app = await NestFactory.create(AppModule.register({ sandbox }));
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000));
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  if (sandbox) console.log(sandboxBanner(sandbox, url));
  else console.log(`Example app on ${url}, talking to Timeback ${process.env.TIMEBACK_ENVIRONMENT ?? ''}`.trim());
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
