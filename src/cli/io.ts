import { fstatSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Paint } from '../report/paint.js';
import type { Severity } from '../types.js';

/** What the CLI may touch of the outside world; tests pass their own. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  /** `columns`: a terminal's width, when it has one (the spinner needs it). */
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stdin?: () => Readable;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** --debug: stack traces for internal errors, and how a scan was spread over threads. */
  debug?: boolean;
  /** Standard input is a pipe or a file (something was sent to it), not a terminal or /dev/null. */
  stdinPiped?: boolean;
  /**
   * Masks findings in a message (a path from the bundle in an error): set by a command once its
   * rules are loaded, used for every message printed after that.
   */
  mask?: (text: string) => string;
  /**
   * Sets V8's flags for the rest of the process (small-run.ts): the real process only, so that a
   * test running the CLI in its own process keeps its V8 as it is.
   */
  setV8Flags?: (flags: readonly string[]) => void;
}

/** The real process: the only place that reads `process`. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: () => process.stdin,
    cwd: process.cwd(),
    env: process.env,
    stdinPiped: piped(),
    setV8Flags: (flags) => {
      for (const f of flags) setFlagsFromString(f);
    },
  };
}

/** True when file descriptor 0 is a pipe, a socket or a regular file. */
function piped(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * Colour level for a stream: off with --no-color or NO_COLOR, forced by --color or FORCE_COLOR,
 * otherwise on only for a terminal (and never when TERM=dumb).
 */
export function colorLevel(stream: { isTTY?: boolean }, env: Io['env'], flag: boolean | undefined): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return flag === true ? 1 : 0;
  const force = env.FORCE_COLOR;
  if (flag === true) return 1;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return (n >= 1 && n <= 3 ? n : 1) as 1 | 2 | 3;
  }
  return stream.isTTY && env.TERM !== 'dumb' ? 1 : 0;
}

const SEVERITY_COLOUR: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bold.red,
  high: (c) => c.red,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
};

/** A Paint for formatters, coloured at the given level (0: plain). */
export function paintFor(level: 0 | 1 | 2 | 3): Paint {
  const c = new Chalk({ level });
  return {
    severity: (s, text) => SEVERITY_COLOUR[s](c)(text),
    bold: (t) => c.bold(t),
    dim: (t) => c.dim(t),
    ok: (t) => c.green(t),
    bad: (t) => c.bold.red(t),
  };
}
