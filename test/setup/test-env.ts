import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ENV_FILE = join(__dirname, '..', '..', '.tmp', 'test-env.json');

export interface TestEnv {
  runId: string;
  adminUrl: string;
  templateDb: string;
  redisUrl: string;
  temporalAddress: string;
  bundlePath: string;
  temporalCli: string;
}

export function testEnv(): TestEnv {
  return JSON.parse(readFileSync(ENV_FILE, 'utf8')) as TestEnv;
}
