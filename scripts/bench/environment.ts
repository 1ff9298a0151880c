/**
 * The machine, versions and settings a benchmark ran with, written into every result so that
 * two figures are only compared when they were measured alike.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { Client } from 'pg';

export interface BenchEnvironment {
  measuredAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; loadAverage: number[] };
  versions: Record<string, string>;
  settings: Record<string, string | number | boolean | null>;
}

function commandVersion(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0]!;
  } catch {
    return 'not found';
  }
}

function packageVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/**
 * `settings` are the caller's (slots, pool sizes, pragmas, concurrency); the versions of Node,
 * the Temporal SDK, PostgreSQL and Redis are read here.
 */
export async function benchEnvironment(
  databaseUrl: string,
  settings: BenchEnvironment['settings'] = {},
  temporalCli?: string,
): Promise<BenchEnvironment> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const postgres = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]!
    .server_version;
  await pg.end();
  return {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      os: `${osType()} ${release()}`,
      loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    },
    versions: {
      node: process.version,
      temporalSdk: packageVersion('@temporalio/worker'),
      temporalCli: temporalCli ? commandVersion(temporalCli, ['--version']) : 'not used',
      postgres,
      redis: commandVersion('redis-server', ['--version']),
    },
    settings,
  };
}
