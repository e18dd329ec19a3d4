import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../types.js';
import type { Out } from '../report/report-stream.js';

/**
 * Checks, before anything is scanned, that the report can be written at `file` (`shown` is the
 * path as the user gave it): not a folder, in a folder that exists, writable. A scan of a large
 * bundle must not end in "internal error" for want of a folder. Writability is tried, not asked
 * (access(2) says yes to root on a read-only file system): the file is opened for appending,
 * which changes nothing, or created and removed again.
 */
export function checkOutput(file: string, shown: string): void {
  const st = statOf(file);
  if (st?.isDirectory()) throw new UsageError(`-o ${shown} is a folder: give a file name for the report`);
  const dir = path.dirname(file);
  const parent = statOf(dir);
  if (!parent) throw new UsageError(`-o ${shown}: the folder ${path.dirname(shown) || '.'} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`-o ${shown}: ${path.dirname(shown)} is not a folder`);
  try {
    closeSync(openSync(file, st ? 'a' : 'wx'));
    if (!st) unlinkSync(file);
  } catch (e) {
    throw new UsageError(`-o ${shown}: cannot write there (${(e as NodeJS.ErrnoException).code ?? 'not writable'})`);
  }
}

/** True when `file` lies in what the paths scan (a folder, a glob's folder, the file itself). */
export function insideScope(file: string, paths: string[], cwd: string, staged: boolean): boolean {
  const roots = paths.filter((p) => p !== '-').map((p) => path.resolve(cwd, picomatch.scan(p).isGlob ? picomatch.scan(p).base || '.' : p));
  if (staged && paths.length === 0) roots.push(cwd);
  return roots.some((r) => file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

/**
 * The report file, opened at the end of the scan and written in pieces; readable by its owner
 * only when it holds raw values (--show-values).
 */
export function openOutput(file: string, shown: string, raw: boolean): { out: Out; close(): void } {
  let fd: number;
  try {
    fd = openSync(file, 'w', raw ? 0o600 : 0o644);
  } catch (e) {
    throw new UsageError(`cannot write the report to ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const write = (chunk: string): void => {
    const bytes = Buffer.from(chunk, 'utf8');
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    } catch (e) {
      throw new UsageError(`cannot write the report to ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const buffered = bufferedOut(write);
  return {
    out: buffered.out,
    close() {
      try {
        buffered.flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}

function statOf(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** Writes in pieces of about 64 KiB: a report of any size, never one string. */
export function bufferedOut(write: (chunk: string) => void): { out: Out; flush(): void } {
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    write(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    out: (s) => {
      parts.push(s);
      size += s.length;
      if (size >= 65536) flush();
    },
    flush,
  };
}
