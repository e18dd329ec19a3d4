import { processIo } from './io.js';
import { run } from './run.js';

/** Entry of the built CLI: runs with the real process and resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return run(argv, processIo());
}
