import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './fault-processes';

const BIN = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
/** initdb refuses root; the cluster runs as this user when the test runs as root. */
const SERVER_USER = 'postgres';

export interface OwnPostgres {
  /** Superuser URL of the `postgres` database on this server (trust auth). */
  adminUrl: string;
  port: number;
  /** `pg_ctl stop -m fast`: disconnects every client, as a restart does. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and removes its data directory. */
  destroy(): void;
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port, trust
 * auth, no fsync), so that a test may stop and start it without touching the shared server.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ippledge-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', SERVER_USER, '--', join(BIN, command), ...args]]
      : [join(BIN, command), args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  // Asynchronous, so that the test's own event loop (the API, the worker) runs on meanwhile.
  const runAsync = async (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', SERVER_USER, '--', join(BIN, command), ...args]]
      : [join(BIN, command), args];
    await promisify(execFile)(file, argv, { cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    `-c fsync=off`,
    `-c max_connections=200`,
  ].join(' ');
  const startArgs = ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'];
  run('pg_ctl', startArgs);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start: () => runAsync('pg_ctl', startArgs),
    destroy() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Not running.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
