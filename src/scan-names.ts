import path from 'node:path';
import { createDetector } from './detect/detect.js';
import { RuleTimeoutError } from './shared/rule-guard.js';
import { filterMatches } from './filter/filter.js';
import { matchSpan } from './filter/match-span.js';
import { maskSpans } from './filter/text-mask.js';
import { createMasker, filterOptions, type SourceScanContext } from './scan-context.js';
import { type FindingSpool, UNSHIFTED } from './spool/finding-spool.js';
import type { Problem, RawMatch, Ruleset } from './types.js';

/**
 * Scans each file, folder and archive entry name in the paths once, as a field of its own, a path
 * at a time: a finding in a name is reported on that path (`where: 'name'`, line 0, the column in
 * the path). Names at or above a root (`roots`, from discover) are not scanned. A user rule that
 * runs over its time budget on a name is an error on that path. `keep` says which paths' names
 * this run reports (all but in a shard). `onShown` is told, by its place in the paths, each path
 * whose last name was scanned here, as reports show it (masked: TextMasker.path), so that the
 * thread that scans the file need not scan that name again; a path that shows as it is is told as
 * the same string. The last name of a path (a file's own) can be left for later (`scan(…, false)`,
 * then `scanLast`): a run spread over threads scans the folders' names first and each file's own
 * name just before a thread takes the file, while the threads scan the files before it (issue 16:
 * on 50,000 files the threads started 0.85 s sooner, on a loaded machine). Errors come in the
 * paths' order however late a name was scanned.
 */
export class NameScan {
  /** Paths' names scanned or left for later, from the roots up. */
  private readonly seen = new Set<string>();
  private readonly errors: { index: number; depth: number; problem: Problem }[] = [];
  private readonly folders = new Set<string>();
  /** The folder of the last path told, and how it shows: paths come folder by folder. */
  private dir = '';
  private dirShown = '';

  constructor(
    roots: string[],
    private readonly ctx: SourceScanContext,
    private readonly spool: FindingSpool,
    private readonly keep: (file: string) => boolean = () => true,
    private readonly onShown?: (index: number, shown: string) => void,
  ) {
    // a root and the folders above it are the user's, not the bundle's: `/tmp/leakgate-x1/` is
    // where the upload sits, not a name in it
    for (const root of roots) {
      const parts = root.split('/');
      for (let i = 1; i <= parts.length; i++) this.seen.add(parts.slice(0, i).join('/'));
    }
  }

  /**
   * Scans the names of path number `index`; with `last` false, not its last name: true when that
   * name is then left for scanLast (false: scanned already, as part of another path).
   */
  scan(display: string, index: number, last = true): boolean {
    const parts = display.split('/');
    let prefix = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const end = i === parts.length - 1;
      // the whole path is the display itself, not a copy the set below would keep
      prefix = i === 0 ? part : end ? display : `${prefix}/${part}`;
      if (this.seen.has(prefix)) continue;
      this.seen.add(prefix);
      if (end && !last) return true;
      this.scanPart(display, index, i, part, prefix, end);
    }
    return false;
  }

  /** Scans the last name of path number `index`, left for later by `scan(display, index, false)` (once, when it said so). */
  scanLast(display: string, index: number): void {
    const at = display.lastIndexOf('/');
    this.scanPart(display, index, display.split('/').length - 1, display.slice(at + 1), display, true);
  }

  /** The errors, in the paths' order, and the folders whose names hold findings. */
  result(): { errors: Problem[]; folders: Set<string> } {
    const errors = this.errors.sort((a, b) => a.index - b.index || a.depth - b.depth).map((e) => e.problem);
    return { errors, folders: this.folders };
  }

  private scanPart(display: string, index: number, depth: number, part: string, prefix: string, end: boolean): void {
    // `a.zip!` is the archive a.zip (a file); `.` and `..` are not names from the bundle
    const archive = part.endsWith('!');
    const name = archive ? part.slice(0, -1) : part;
    const file = archive ? prefix.slice(0, -1) : prefix;
    if (name === '.' || name === '..' || name === '') return;
    // a shard (scan --shard) reports the names of its own paths: a folder's name once in the run
    if (!this.keep(file)) return;
    const { ctx } = this;
    try {
      const matches = ctx.masker.matches(name);
      if (this.onShown && end && !archive) this.onShown(index, this.shownPath(display, part, matches));
      if (matches.length === 0) return;
      const opts = filterOptions(ctx, file);
      const filtered = filterMatches(matches, ctx.ruleset, opts);
      const writer = this.spool.writer(file, opts.shown, UNSHIFTED);
      if (!end && !archive) this.folders.add(opts.shown);
      const at = prefix.length - part.length;
      for (const found of filtered.findings) {
        const f = found.finding;
        f.line = 0;
        // the place in the name as written (normalisation may have rewritten it)
        f.column = at + matchSpan(found.match).start + 1;
        f.where = 'name';
        writer.add(found);
      }
      writer.end();
    } catch (e) {
      if (!(e instanceof RuleTimeoutError)) throw e;
      this.errors.push({ index, depth, problem: { file, code: e.code, message: e.message } });
    }
  }

  /** A path as shown, its last name `leaf` masked by its matches: TextMasker.path, that name's matches known. */
  private shownPath(display: string, leaf: string, matches: RawMatch[]): string {
    const masked = maskSpans(leaf, matches);
    const at = display.length - leaf.length - 1;
    if (at < 0) return masked === leaf ? display : masked;
    const folder = display.slice(0, at);
    if (folder !== this.dir) {
      this.dir = folder;
      this.dirShown = this.ctx.masker.path(folder);
    }
    return masked === leaf && this.dirShown === this.dir ? display : `${this.dirShown}/${masked}`;
  }
}

/**
 * Masks the findings in a message (an error naming a path from the bundle), with the rules of a
 * ruleset: for the CLI's messages, which the report's masking does not reach. `own` are the
 * user's folders (the working folder): they are not bundle data, and a temporary folder's random
 * name (`/tmp/leakgate-ND37Gh`) would otherwise read as a postcode and hide where the error is.
 * What lies below them is masked as usual. Their parent folders are the user's too: a config
 * file found by walking up from the working folder (`/tmp/leakgate-YR04pQ/.leakgate.json`, a
 * registration plate) is named with its own path.
 */
export function messageMasker(ruleset: Ruleset, own: string[] = []): (text: string) => string {
  const detector = createDetector(ruleset);
  const masker = createMasker(detector);
  // longest first, so that a folder inside another is kept whole
  const keep = [...new Set(own.flatMap(withParents).filter((o) => o.length > 1))].sort((a, b) => b.length - a.length);
  const label = (text: string): string => {
    for (const o of keep) {
      const at = text.indexOf(o);
      if (at >= 0) return label(text.slice(0, at)) + o + label(text.slice(at + o.length));
    }
    return text === '' ? text : masker.label(text);
  };
  return (text) => {
    try {
      return label(text);
    } catch {
      // a user rule over its time budget: say nothing of the message but that it was there
      return '(message withheld: a rule could not check it in time)';
    }
  };
}

/** A folder and every folder above it, up to the root (which the caller leaves out). */
function withParents(folder: string): string[] {
  const out = [folder];
  for (let f = folder, up = path.dirname(f); up !== f; f = up, up = path.dirname(f)) out.push(up);
  return out;
}
