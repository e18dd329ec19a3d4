import type { FileResult } from './scan-context.js';
import type { Problem } from './types.js';

/**
 * What a run's files come to, added up as each file is done, so that memory stays flat in the
 * number of files (issue 16): counts, the run-wide public value keys (each once), and only the
 * files that had problems, kept by their place in the run so that the problems come out in that
 * order however the threads finished. A per-file array of results grew by about 1 KB a file.
 */
export class RunTotals {
  files = 0;
  bytes = 0;
  suppressed = 0;
  /** Value keys an allowance made public in some file: public everywhere in the run. */
  readonly publicKeys = new Set<string>();
  private readonly problems = new Map<number, { errors: Problem[]; warnings: Problem[] }>();

  /** Adds the result of the run's source number `index`. */
  add(index: number, r: FileResult): void {
    this.files += r.files;
    this.bytes += r.bytes;
    this.suppressed += r.suppressed;
    for (const k of r.publicKeys) this.publicKeys.add(k);
    if (r.errors.length > 0 || r.warnings.length > 0) this.problems.set(index, { errors: r.errors, warnings: r.warnings });
  }

  /** The files' errors and warnings, in the order of the run's sources. */
  ordered(): { errors: Problem[]; warnings: Problem[] } {
    const errors: Problem[] = [];
    const warnings: Problem[] = [];
    for (const i of [...this.problems.keys()].sort((a, b) => a - b)) {
      const p = this.problems.get(i)!;
      for (const e of p.errors) errors.push(e);
      for (const w of p.warnings) warnings.push(w);
    }
    return { errors, warnings };
  }
}
