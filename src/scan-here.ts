import type { FilePart } from './read/read-source.js';
import type { FileResult, SourceScanContext } from './scan-context.js';
import { scanSource } from './scan-source.js';
import { runLimited } from './shared/run-limited.js';
import { FileWriters, type FindingSpool } from './spool/finding-spool.js';
import type { SourceRef } from './types.js';

/** Files read at once on one thread: reading overlaps while detection shares the thread. */
const SERIAL_CONCURRENCY = 4;

/** Told of bytes read and findings made (a progress figure), and of each file done. */
export interface RunProgress {
  onBytes: (bytes: number, findings: number) => void;
  /** Each source's result, with its place in the run's sources: nothing else keeps it. */
  done: (r: FileResult, index: number) => void;
  /** The file being read, as shown. */
  current?: (shown: string) => void;
}

/** Scans one source (or one part of a file, numbered `index`) on this thread, its findings into the spool. */
export async function scanToSpool(ref: SourceRef, ctx: SourceScanContext, spool: FindingSpool, onBytes: RunProgress['onBytes'], part?: FilePart, index = 0): Promise<FileResult> {
  const writers = new FileWriters((file, shown) => spool.writer(file, shown, index));
  try {
    return await scanSource(ref, ctx, onBytes, part, { onFindings: (found, file, shown) => writers.add(found, file, shown) });
  } finally {
    writers.end();
  }
}

/** Scans on this thread, a few files at once so that reading one overlaps detecting another. */
export async function scanHere(sources: readonly SourceRef[], ctx: SourceScanContext, spool: FindingSpool, progress: RunProgress): Promise<void> {
  await runLimited(sources.length, SERIAL_CONCURRENCY, async (i) => {
    const ref = sources[i]!;
    progress.current?.(ref.shown ?? ctx.masker.path(ref.display));
    progress.done(await scanToSpool(ref, ctx, spool, progress.onBytes), i);
  });
}
