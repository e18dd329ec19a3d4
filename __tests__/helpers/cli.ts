import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let configHome: string | undefined;

/**
 * A config folder of the tests' own ($XDG_CONFIG_HOME), so that the key file leakgate makes on
 * first use (its fingerprint key) lands in a temporary folder, never in the user's home.
 */
export function testConfigHome(): string {
  configHome ??= mkdtempSync(path.join(tmpdir(), 'leakgate-config-'));
  return configHome;
}

/** Runs the CLI in-process with captured output, like a subprocess but fast. */
export async function cli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: string | Buffer; tty?: boolean } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    cwd: opts.cwd ?? process.cwd(),
    env: { XDG_CONFIG_HOME: testConfigHome(), ...opts.env },
  };
  if (opts.stdin !== undefined) {
    const text = opts.stdin;
    io.stdin = () => Readable.from([Buffer.from(text)]);
    io.stdinPiped = true;
  }
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** Writes a file tree ({ 'a/b.csv': '…' }) into a new temporary folder and returns its path. */
export function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'leakgate-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}
