import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist', 'apps');

/** The compiled entry points (`npm run build` first), started as production starts them. */
export const DIST_MAIN = {
  api: join(DIST, 'api', 'src', 'main.js'),
  worker: join(DIST, 'worker', 'src', 'main.js'),
} as const;

export interface DistProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then waits for the exit (the process flushes its spans on the way out). */
  stop(): Promise<void>;
}

/** Starts a compiled process and resolves once a line of its output contains `ready`. */
export function startDistProcess(
  main: string,
  env: Record<string, string>,
  ready: string,
): Promise<DistProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const handle: DistProcess = {
      child,
      output: () => output,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!started && output.includes(ready)) {
        started = true;
        resolve(handle);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      if (!started) reject(new Error(`${main} exited early (${code}): ${output.slice(-3000)}`));
    });
  });
}

/** The value of one sample of a Prometheus text exposition, or undefined when absent. */
export function sampleValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([key, value]) =>
      line.includes(`${key}="${value}"`),
    );
    if (wanted) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
