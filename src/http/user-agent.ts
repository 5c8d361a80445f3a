import { readFileSync } from 'node:fs';

function readPackage(): { name: string; version: string } {
  // src/http and dist/http are both two levels below the package root.
  const url = new URL('../../package.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { name: string; version: string };
}

const pkg = readPackage();

export const TIMEBACK_USER_AGENT = `${pkg.name}/${pkg.version} node/${process.versions.node}`;
