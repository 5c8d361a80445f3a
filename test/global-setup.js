import { execSync } from 'node:child_process';

/** The package and start tests load the built output, so build once (incrementally) before any worker starts. */
export default function globalSetup() {
  execSync('npm run --silent build && npm run --silent build:example', { stdio: 'inherit' });
}
