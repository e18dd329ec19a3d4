import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** A folder holding a `leakgate` command that runs this checkout's built CLI, to put on a PATH. */
export function leakgateShim(): string {
  const bin = mkdtempSync(path.join(tmpdir(), 'leakgate-bin-'));
  writeFileSync(path.join(bin, 'leakgate'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, 'bin/leakgate.js')}" "$@"\n`);
  chmodSync(path.join(bin, 'leakgate'), 0o755);
  return bin;
}

/** This process's PATH without the folders that hold `command`: a machine where it is not installed. */
export function pathWithout(command: string): string {
  return (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && !existsSync(path.join(dir, command))).join(path.delimiter);
}
