import { spawn } from 'node:child_process';
import path from 'node:path';
import { testConfigHome } from './cli.js';

export const root = path.resolve(import.meta.dirname, '../..');
export const bin = path.join(root, 'bin/leakgate.js');

export interface BinResult {
  /** The exit code, or null when a signal ended the process (then `signal` says which). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the process ran past `timeoutMs` and was killed: a hang. */
  hung: boolean;
}

export interface BinOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Flags for node itself (`--max-old-space-size=64`). */
  node?: string[];
  input?: string | Buffer;
  /** Leaves standard input open (a scan of `-` then waits for it for ever). */
  keepStdinOpen?: boolean;
  /** A process still running after this is killed and reported as hung (default 120 s). */
  timeoutMs?: number;
}

/**
 * Runs the built CLI (`bin/leakgate.js` on dist/, as installed) in a process of its own, with the
 * tests' own config folder (its key file) and no colour, and collects what it prints.
 */
export function runBin(args: string[], opts: BinOptions): Promise<BinResult> {
  return spawnNode([...(opts.node ?? []), bin, ...args], opts);
}

/** Runs `node` with arguments, as runBin does. */
export function spawnNode(argv: string[], opts: BinOptions): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', XDG_CONFIG_HOME: testConfigHome(), NO_COLOR: '1', ...opts.env };
    const child = spawn(process.execPath, argv, { cwd: opts.cwd, env });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, hung });
    });
    child.stdin.on('error', () => {});
    if (opts.keepStdinOpen) {
      if (opts.input !== undefined) child.stdin.write(opts.input);
    } else child.stdin.end(opts.input ?? '');
  });
}
