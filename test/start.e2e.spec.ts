import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Runs `npm start` as a new user would: no credentials, no .env, then the banner's curl request. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function waitForBanner(child: ChildProcess, output: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${output.text}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.text += chunk.toString();
      const match = /curl (http:\/\/localhost:\d+\/users\/[0-9a-f-]{36})/.exec(output.text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output.text}`));
    });
  });
}

describe('npm start', () => {
  it('serves a sandbox user at the URL its banner prints', async () => {
    expect(existsSync(`${ROOT}.env`)).toBe(false);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TIMEBACK_') && name !== 'NODE_OPTIONS'));
    // Its own process group, so that the app npm starts is stopped with it.
    const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const output = { text: '' };
    try {
      const url = await waitForBanner(child, output);
      expect(output.text).toContain('Timeback sandbox');
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const user = (await response.json()) as { sourcedId: string };
      expect(url.endsWith(user.sourcedId)).toBe(true);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  }, 90_000);
});
