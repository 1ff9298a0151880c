import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TMP_DIR = join(__dirname, '..', '..', '.tmp');
const ENV_FILE_VARIABLE = 'IPPLEDGE_TEST_ENV_FILE';

/**
 * File the global set-up writes for this run. It is named after the run, and the run's test
 * files find it through the environment, so two test runs in one checkout do not collide.
 */
export function envFileForRun(runId: string): string {
  const file = join(TMP_DIR, `test-env-${runId}.json`);
  process.env[ENV_FILE_VARIABLE] = file;
  return file;
}

export interface TestEnv {
  runId: string;
  adminUrl: string;
  templateDb: string;
  redisUrl: string;
  temporalAddress: string;
  bundlePath: string;
  temporalCli: string;
}

export function currentEnvFile(): string {
  const file = process.env[ENV_FILE_VARIABLE];
  if (!file) throw new Error(`${ENV_FILE_VARIABLE} is not set: run the tests through Jest`);
  return file;
}

export function testEnv(): TestEnv {
  return JSON.parse(readFileSync(currentEnvFile(), 'utf8')) as TestEnv;
}
