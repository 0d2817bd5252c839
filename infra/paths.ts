// Where the CDK app finds the code it deploys. Paths are absolute and derived from this file, so
// synth, tests and editors agree whatever the working directory is.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const PATHS = {
  lockFile: join(REPO_ROOT, 'package-lock.json'),
  apiEntry: join(REPO_ROOT, 'functions/api/lambda.ts'),
  /** The next issue's stream consumer; wired only once this file exists. */
  aggregatorEntry: join(REPO_ROOT, 'functions/aggregator/lambda.ts'),
  /** The dashboard build (`npm run build:web`); uploaded only when it exists. */
  webDist: join(REPO_ROOT, 'web/dist'),
} as const;
